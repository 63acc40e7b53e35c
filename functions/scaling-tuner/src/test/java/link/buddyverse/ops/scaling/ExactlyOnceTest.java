package link.buddyverse.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.handler.RetryableFailure;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The promises of ops-kit's "at most once" argument, held with AWS failing for real (the local gateway's
 * faults in front of moto): no event acts twice, none is lost, bad ids are rejected. Each test delivers the
 * event as Lambda would: again after an error, and to a second container at the same moment.
 */
@ExtendWith(MotoExtension.class)
class ExactlyOnceTest {

    static final String TABLE = "OpsState";

    AutoScalingClient autoScaling;
    final List<ScalingTunerHandler> containers = new ArrayList<>();
    final JsonMapper jsonMapper = JsonMapper.createDefault();

    // Two attempts per SDK call instead of the kit's four: "past the SDK's retries" comes the same, sooner
    // (AwsClients reads it when a container builds its clients).
    @BeforeAll
    static void fewerSdkAttempts() {
        System.setProperty("aws.maxAttempts", "2");
    }

    @AfterAll
    static void usualSdkAttempts() {
        System.clearProperty("aws.maxAttempts");
    }

    @BeforeEach
    void createTheWebTier() {
        AwsClients clients = new AwsClients();
        autoScaling = clients.build(AutoScalingClient.builder());
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), TABLE);
    }

    @AfterEach
    void closeContainers() {
        containers.forEach(ScalingTunerHandler::close);
    }

    @Test
    void whenRecordingCompletionFailsAfterTheChangeTheRetryChangesNothingMore(Gateway gateway) {
        ScalingTunerHandler container = container();
        gateway.faults().on("dynamodb", "UpdateItem").whenParametersContain("COMPLETED").throttle().always();

        assertThatThrownBy(() -> invoke(container, cpuHigh())).isInstanceOf(RetryableFailure.class)
                .hasMessageContaining("completion could not be recorded");
        assertThat(desired()).isEqualTo(3);

        gateway.faults().clear();
        OpsResult retry = invoke(container, cpuHigh());

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(retry.outcomes()).singleElement().satisfies(o -> assertThat(o.detail()).contains("earlier attempt"));
        assertThat(desired()).isEqualTo(3);
        assertThat(gateway.calls().count("autoscaling", "SetDesiredCapacity")).isEqualTo(1);
        assertThat(invoke(container, cpuHigh()).status()).isEqualTo("duplicate");
    }

    @Test
    void aChangeThrottledPastTheSdkRetriesMakesTheEventRetriedAndItActsOnce(Gateway gateway) {
        ScalingTunerHandler container = container();
        gateway.faults().on("autoscaling", "SetDesiredCapacity").throttle().always();

        assertThatThrownBy(() -> invoke(container, cpuHigh())).isInstanceOf(RetryableFailure.class)
                .hasMessageContaining("SetDesiredCapacity");
        assertThat(desired()).isEqualTo(2);

        gateway.faults().clear();
        OpsResult retry = invoke(container, cpuHigh());

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(retry.plan()).singleElement().satisfies(action -> assertThat(action.after()).isEqualTo("3"));
        assertThat(desired()).isEqualTo(3);
        assertThat(invoke(container(), cpuHigh()).status()).isEqualTo("duplicate");
        assertThat(desired()).isEqualTo(3);
    }

    @Test
    void aDuplicateArrivingWhileTheFirstDeliveryIsFailingNeitherActsNorLosesTheEvent(Gateway gateway) throws Exception {
        ScalingTunerHandler first = container();
        ScalingTunerHandler second = container();
        gateway.faults().on("autoscaling", "SetDesiredCapacity").delay(Duration.ofMillis(1500)).always();
        gateway.faults().on("autoscaling", "SetDesiredCapacity").serverError().always();

        CompletableFuture<OpsResult> failing = CompletableFuture.supplyAsync(() -> invoke(first, cpuHigh()));
        awaitCall(gateway, "SetDesiredCapacity");
        OpsResult duplicate = invoke(second, cpuHigh());

        assertThat(duplicate.status()).isEqualTo("duplicate");
        assertThat(duplicate.reason()).contains("is being handled");
        assertThatThrownBy(failing::join).hasCauseInstanceOf(RetryableFailure.class);
        assertThat(desired()).isEqualTo(2);

        gateway.faults().clear();
        OpsResult lambdaRetry = invoke(first, cpuHigh());

        assertThat(lambdaRetry.status()).isEqualTo("applied");
        assertThat(desired()).isEqualTo(3);
    }

    @Test
    void aRefusalNoRetryCanFixEndsTheEventWithItsReason(Gateway gateway) {
        ScalingTunerHandler container = container();
        gateway.faults().on("autoscaling", "SetDesiredCapacity").refuse("ValidationError",
                "New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup.").nextCalls(1);

        OpsResult result = invoke(container, cpuHigh());

        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.outcomes()).singleElement().satisfies(o -> assertThat(o.detail()).contains("above max value"));
        assertThat(invoke(container, cpuHigh()).status()).isEqualTo("duplicate");
    }

    @Test
    void aNullInputIsRejectedNotAnError() {
        OpsResult result = container().handleRequest(null, TestLambdaContext.of(ScalingTuner.NAME));

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("must be a JSON object");
    }

    @Test
    void anEventIdOfTenThousandCharactersIsRejectedWithoutAnyChange(Gateway gateway) {
        String longId = cpuHigh().replace("f2e7904f-fef4-4c09-8f58-46cadbde5808", "x".repeat(10_000));
        ScalingTunerHandler container = container();
        int stateCallsBefore = gateway.calls().count("dynamodb", "*");

        OpsResult result = invoke(container, longId);

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("10000 characters");
        assertThat(desired()).isEqualTo(2);
        assertThat(gateway.calls().count("dynamodb", "*")).isEqualTo(stateCallsBefore);
    }

    private ScalingTunerHandler container() {
        ScalingTunerHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of(
                "ops.state-table", TABLE, "scaling.cooldown-seconds", 300)), ScalingTunerHandler::new);
        containers.add(handler);
        return handler;
    }

    private int desired() {
        return BuddyWebTier.describe(autoScaling).desiredCapacity();
    }

    private static void awaitCall(Gateway gateway, String operation) throws InterruptedException {
        for (int i = 0; i < 200 && gateway.calls().count("autoscaling", operation) == 0; i++) {
            Thread.sleep(25);
        }
    }

    private OpsResult invoke(ScalingTunerHandler handler, String json) {
        try {
            return handler.handleRequest(jsonMapper.readValue(json, JsonNode.class), TestLambdaContext.of(ScalingTuner.NAME));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String cpuHigh() {
        return SampleEvents.read("scaling-tuner", "cpu-high-alarm.json");
    }
}
