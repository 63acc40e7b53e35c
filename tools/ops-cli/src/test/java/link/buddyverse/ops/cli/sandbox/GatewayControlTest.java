package link.buddyverse.ops.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** The gateway's control API as the sandbox's CLI drives it (./ops sandbox fault, the drills' target health). */
@ExtendWith(MotoExtension.class)
class GatewayControlTest {

    @Test
    void aFaultAddedOverHttpReachesAnSdkClientAndClearsWithTheRest(Gateway gateway) {
        GatewayControl control = new GatewayControl(gateway.endpoint());
        assertThat(control.answers()).isTrue();
        FaultCommand.Kind throttle = new FaultCommand.Kind();
        throttle.throttle = true;
        FaultCommand.Scope next = new FaultCommand.Scope();
        next.next = 1;
        control.addFault(FaultCommand.spec("autoscaling", "DescribeAutoScalingGroups", throttle, next));
        try (AutoScalingClient autoScaling = AutoScalingClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThatThrownBy(autoScaling::describeAutoScalingGroups)
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
            assertThat(autoScaling.describeAutoScalingGroups().autoScalingGroups()).isEmpty();

            FaultCommand.Kind fail = new FaultCommand.Kind();
            fail.serverError = true;
            control.addFault(FaultCommand.spec("autoscaling", "*", fail, null));
            assertThatThrownBy(autoScaling::describeAutoScalingGroups)
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
            control.clearFaults();
            assertThat(autoScaling.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        }
        assertThat(gateway.calls().of("autoscaling", "DescribeAutoScalingGroups")).extracting(c -> c.handledBy())
                .containsExactly("fault:throttle", "moto", "fault:server-error", "moto");
    }

    @Test
    void aFaultNeedsAServiceAndAKindAndDurationsReadAsPeopleWriteThem() {
        assertThatThrownBy(() -> FaultCommand.spec(null, "*", null, null)).isInstanceOf(SetupException.class);
        assertThat(FaultCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FaultCommand.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        FaultCommand.Kind delay = new FaultCommand.Kind();
        delay.delay = "2s";
        FaultCommand.Scope half = new FaultCommand.Scope();
        half.fraction = 0.5;
        assertThat(FaultCommand.spec("dynamodb", "*", delay, half))
                .isEqualTo("{\"service\":\"dynamodb\",\"operation\":\"*\",\"kind\":\"delay\",\"delayMillis\":2000,\"fraction\":0.5}");
    }
}
