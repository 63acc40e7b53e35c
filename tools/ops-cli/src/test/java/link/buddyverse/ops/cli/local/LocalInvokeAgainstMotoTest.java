package link.buddyverse.ops.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.MotoServer;
import link.buddyverse.ops.localaws.WebTierGroup;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * End to end, as a user runs it: `./ops local invoke ScalingTunerFunction -e cpu-high-alarm.json` with
 * AWS_ENDPOINT_URL at a moto_server holding the Buddyverse web tier's group (min 2, max 4, desired 2). The real
 * template.yaml, the real sample event and the real deployment jar, run in a child JVM.
 */
@ExtendWith(MotoExtension.class)
class LocalInvokeAgainstMotoTest {

    private static final String GROUP = WebTierGroup.GROUP;

    private MotoServer moto;
    private AutoScalingClient autoScaling;

    @BeforeEach
    void createTheWebTierGroup(MotoServer moto) {
        this.moto = moto;
        autoScaling = AutoScalingClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(moto.endpoint()))
                .region(Region.of(MotoExtension.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
        WebTierGroup.create(autoScaling, 2, 2, 4);
    }

    @AfterEach
    void closeClient() {
        autoScaling.close();
    }

    private CliRun invoke(String endpoint, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("local", "invoke", "ScalingTunerFunction",
                "-e", LocalInvokeCommandTest.CPU_HIGH, "-t", LocalInvokeCommandTest.TEMPLATE));
        args.addAll(List.of(options));
        // Exactly what a user's shell would hold: the endpoint, nothing else of AWS.
        return CliRun.of(new OpsCli(Map.of("AWS_ENDPOINT_URL", endpoint, "PATH", System.getenv("PATH"))),
                args.toArray(String[]::new));
    }

    private int desiredCapacity() {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP))
                .autoScalingGroups().get(0).desiredCapacity();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> result, String list) {
        return ((List<Map<String, Object>>) result.get(list)).get(0);
    }

    @Test
    void aFunctionErrorComesBackAsTheRuntimeReportsItAloneOnStdoutAndExitsOne(Gateway gateway) {
        gateway.faults().on("autoscaling", "DescribeAutoScalingGroups").serverError().always();
        try {
            CliRun run = invoke(moto.endpoint());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(OpsCli.FUNCTION_ERROR);
            Map<String, Object> error = run.json();
            assertThat(error).containsEntry("errorType", "link.buddyverse.ops.kit.handler.RetryableFailure").containsKey("stackTrace");
            assertThat((String) error.get("errorMessage")).contains("will be retried");
            assertThat(run.err()).contains("START RequestId:").contains("REPORT RequestId:");
        } finally {
            gateway.faults().clear();
        }
        assertThat(desiredCapacity()).isEqualTo(2);
    }

    @Test
    void aCpuHighAlarmRaisesDesiredCapacityFromTwoToThree() {
        CliRun run = invoke(moto.endpoint());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, Object> result = run.json();
        assertThat(result).containsEntry("function", "ScalingTunerFunction").containsEntry("status", "applied");
        assertThat(first(result, "plan"))
                .containsEntry("action", "SetDesiredCapacity")
                .containsEntry("resource", GROUP)
                .containsEntry("before", "2")
                .containsEntry("after", "3");
        assertThat(first(result, "outcomes")).containsEntry("status", "applied");
        assertThat(desiredCapacity()).isEqualTo(3);
        assertThat(run.err())
                .contains("ops: created the ops state table OpsStateTable at " + moto.endpoint())
                .contains("START RequestId:").contains("REPORT RequestId:");
    }

    @Test
    void dryRunPlansTheSameScaleOutAndLeavesTheGroupAtTwo() {
        CliRun run = invoke(moto.endpoint(), "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, Object> result = run.json();
        assertThat(result).containsEntry("status", "dry-run");
        assertThat(first(result, "plan")).containsEntry("before", "2").containsEntry("after", "3");
        assertThat(first(result, "outcomes")).containsEntry("status", "dry-run");
        assertThat(desiredCapacity()).isEqualTo(2);
    }

    @Test
    void theSameEventDeliveredTwiceActsOnceAndTheStateTableIsCreatedOnce() {
        CliRun first = invoke(moto.endpoint());
        CliRun second = invoke(moto.endpoint());

        assertThat(first.json()).containsEntry("status", "applied");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.json()).containsEntry("status", "duplicate");
        assertThat(second.err()).doesNotContain("created the ops state table");
        assertThat(desiredCapacity()).isEqualTo(3);
    }

    @Test
    void anUnreachableEndpointFailsFastAndTouchesNothing() {
        CliRun run = invoke("http://127.0.0.1:" + CliRun.closedLoopbackPort());

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("No AWS endpoint answers at");
        assertThat(run.millis()).isLessThan(5_000);
        assertThat(desiredCapacity()).isEqualTo(2);
    }
}
