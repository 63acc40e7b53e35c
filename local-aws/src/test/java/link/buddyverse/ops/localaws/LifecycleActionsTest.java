package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

@ExtendWith(LocalMoto.class)
class LifecycleActionsTest {

    static final String GROUP = "Buddy-AutoScaling-Group";

    static AutoScalingClient group(Gateway gateway, String transition, String defaultResult) {
        AutoScalingClient autoScaling = Clients.of(AutoScalingClient.builder(), gateway);
        autoScaling.createLaunchConfiguration(r -> r.launchConfigurationName("web").imageId("ami-12c6146b").instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).launchConfigurationName("web")
                .minSize(1).maxSize(3).desiredCapacity(2).availabilityZones(LocalMoto.REGION + "a"));
        autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook")
                .lifecycleTransition(transition).heartbeatTimeout(300).defaultResult(defaultResult));
        return autoScaling;
    }

    static List<AutoScalingInstanceDetails> instances(AutoScalingClient autoScaling) {
        return autoScaling.describeAutoScalingInstances().autoScalingInstances();
    }

    @Test
    void aPausedLaunchWaitsInPendingWaitUntilCompletedWithContinue(Gateway gateway) {
        try (AutoScalingClient autoScaling = group(gateway, LifecycleActions.LAUNCHING, "ABANDON")) {
            String instance = instances(autoScaling).get(0).instanceId();
            String token = gateway.played().lifecycle().pause(GROUP, instance, "hook");

            assertThat(instances(autoScaling)).filteredOn(i -> i.instanceId().equals(instance))
                    .extracting(AutoScalingInstanceDetails::lifecycleState).containsExactly("Pending:Wait");
            assertThat(autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0)
                    .instances()).filteredOn(i -> i.instanceId().equals(instance))
                    .extracting(i -> i.lifecycleState()).containsExactly(LifecycleState.PENDING_WAIT);

            autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook").instanceId(instance));
            autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook")
                    .lifecycleActionToken(token).lifecycleActionResult("CONTINUE"));

            assertThat(instances(autoScaling)).extracting(AutoScalingInstanceDetails::lifecycleState).containsOnly("InService").hasSize(2);
            assertThat(gateway.calls().last("autoscaling", "CompleteLifecycleAction").handledBy()).isEqualTo("played");
        }
    }

    @Test
    void anUnknownTokenGetsAwsOwnError(Gateway gateway) {
        try (AutoScalingClient autoScaling = group(gateway, LifecycleActions.LAUNCHING, "ABANDON")) {
            assertThatThrownBy(() -> autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook")
                    .lifecycleActionToken("bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635").lifecycleActionResult("CONTINUE")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("No active Lifecycle Action found with token bcd2f1b8-9a78-44d3-8a7a-4dd07d7cf635");
                    });
            assertThatThrownBy(() -> autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(GROUP)
                    .lifecycleHookName("hook").instanceId("i-0123456789abcdef0")))
                    .hasMessageContaining("No active Lifecycle Action found with instance ID i-0123456789abcdef0");
        }
    }

    @Test
    void abandonOnLaunchAndAnyResultOnTerminationTerminateTheInstanceThroughMoto(Gateway gateway) {
        try (AutoScalingClient autoScaling = group(gateway, LifecycleActions.LAUNCHING, "CONTINUE")) {
            String instance = instances(autoScaling).get(0).instanceId();
            gateway.played().lifecycle().pause(GROUP, instance, "hook");
            autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook")
                    .instanceId(instance).lifecycleActionResult("ABANDON"));
            assertThat(instances(autoScaling)).extracting(AutoScalingInstanceDetails::instanceId).doesNotContain(instance).hasSize(2);

            autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("drain")
                    .lifecycleTransition(LifecycleActions.TERMINATING).heartbeatTimeout(300).defaultResult("CONTINUE"));
            String leaving = instances(autoScaling).get(0).instanceId();
            gateway.played().lifecycle().pause(GROUP, leaving, "drain");
            assertThat(instances(autoScaling)).filteredOn(i -> i.instanceId().equals(leaving))
                    .extracting(AutoScalingInstanceDetails::lifecycleState).containsExactly("Terminating:Wait");
            autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("drain")
                    .instanceId(leaving).lifecycleActionResult("CONTINUE"));
            assertThat(instances(autoScaling)).extracting(AutoScalingInstanceDetails::instanceId).doesNotContain(leaving);
        }
    }

    @Test
    void aWaitPastItsHeartbeatTimeoutEndsWithTheHooksDefaultResult(Gateway gateway) {
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        gateway.played().clock(Clock.fixed(start, ZoneOffset.UTC));
        try (AutoScalingClient autoScaling = group(gateway, LifecycleActions.LAUNCHING, "ABANDON")) {
            String instance = instances(autoScaling).get(0).instanceId();
            gateway.played().lifecycle().pause(GROUP, instance, "hook");
            gateway.played().clock(Clock.fixed(start.plusSeconds(299), ZoneOffset.UTC));
            autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("hook").instanceId(instance));
            gateway.played().clock(Clock.fixed(start.plusSeconds(299 + 300), ZoneOffset.UTC));
            assertThat(instances(autoScaling)).extracting(AutoScalingInstanceDetails::instanceId).doesNotContain(instance);
            assertThat(gateway.played().lifecycle().outcomes()).singleElement()
                    .satisfies(o -> assertThat(o.timedOut()).isTrue())
                    .satisfies(o -> assertThat(o.result()).isEqualTo("ABANDON"));
        }
    }
}
