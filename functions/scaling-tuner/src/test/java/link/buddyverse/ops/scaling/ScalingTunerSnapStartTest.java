package link.buddyverse.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * ScalingTunerFunction under SnapStart: the snapshot (priming) calls no AWS API and holds nothing a restored
 * container must not share, and the clients built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class ScalingTunerSnapStartTest {

    AutoScalingClient autoScaling;
    ScalingTunerHandler handler;

    @BeforeEach
    void webTierAndContainer() {
        AwsClients clients = new AwsClients();
        autoScaling = clients.build(AutoScalingClient.builder());
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
        handler = OpsRequestHandler.withContext(ApplicationContext.builder()
                .properties(Map.of("ops.state-table", "OpsState", "ops.dry-run", false)), ScalingTunerHandler::new);
    }

    @AfterEach
    void close() {
        handler.close();
    }

    @Test
    void primingCallsNoAwsApi(Gateway gateway) throws Exception {
        gateway.calls().clear();

        SnapStartCheck.checkpoint(handler);

        assertThat(gateway.calls().all()).isEmpty();
    }

    @Test
    void theSnapshotHoldsNoTimeIdOrRandomSequence() throws Exception {
        SnapStartCheck.checkpoint(handler);

        assertThat(SnapStartCheck.uniqueValuesHeld(handler.getApplicationContext())).isEmpty();
    }

    @Test
    void afterARestoreTheClientsScaleTheGroup() throws Exception {
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        OpsResult result = SnapStartCheck.invoke(handler, SampleEvents.read("scaling-tuner", "cpu-high-alarm.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }
}
