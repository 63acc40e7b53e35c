package link.buddyverse.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The handler as Lambda builds it, through its no-argument constructor: on demand (no AWS_LAMBDA_INITIALIZATION_TYPE
 * here) the context builds only what the first event needs, and that event still scales the group.
 */
@ExtendWith(MotoExtension.class)
class LambdaConstructionTest {

    @AfterEach
    void clear() {
        System.clearProperty("ops.state-table");
    }

    @Test
    void lambdasOwnConstructorOnDemandHandlesTheColdEvent() {
        AwsClients clients = new AwsClients();
        AutoScalingClient autoScaling = clients.build(AutoScalingClient.builder());
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
        System.setProperty("ops.state-table", "OpsState");

        try (ScalingTunerHandler handler = new ScalingTunerHandler()) {
            OpsResult result = SnapStartCheck.invoke(handler, SampleEvents.read("scaling-tuner", "cpu-high-alarm.json"));

            assertThat(result.status()).isEqualTo("applied");
            assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
        }
    }
}
