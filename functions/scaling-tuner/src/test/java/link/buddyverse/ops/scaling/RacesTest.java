package link.buddyverse.ops.scaling;

import static link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP;
import static link.buddyverse.ops.scaling.TunerContainers.alarmEvent;
import static link.buddyverse.ops.scaling.TunerContainers.alarmIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.RetryableFailure;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.CooldownLocks;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.state.ResourceLeases;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Faults;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Events racing on one group, late retries and hung calls (issue 20), with AWS failing for real through the local
 * gateway: nothing is re-applied blind, nothing is lost, nothing acts on an alarm that has cleared.
 */
@ExtendWith(MotoExtension.class)
class RacesTest {

    AutoScalingClient autoScaling;
    CloudWatchClient cloudWatch;
    final TunerContainers containers = new TunerContainers(0);

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
        cloudWatch = clients.build(CloudWatchClient.builder());
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), TunerContainers.TABLE);
    }

    @AfterEach
    void closeContainers() {
        containers.close();
    }

    @Test
    void aStaleReApplyIsSupersededNotAppliedBlind(Gateway gateway) {
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        alarmIs(cloudWatch, "Buddy-CPU-High", StateValue.ALARM);
        ScalingTunerHandler container = containers.start();
        String event = alarmEvent("Buddy-CPU-High", "e-stale", Instant.now());
        // The change goes through; its "applied" mark is lost.
        gateway.faults().on("dynamodb", "UpdateItem").whenParametersContain("ADD #applied").throttle().always();
        assertThatThrownBy(() -> containers.invoke(container, event)).isInstanceOf(RetryableFailure.class);
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
        gateway.faults().clear();
        // Another event moves the group on before Lambda's retry comes.
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(4).honorCooldown(false));
        int changesBefore = gateway.calls().count("autoscaling", "SetDesiredCapacity");

        OpsResult retry = containers.invoke(container, event);

        assertThat(retry.status()).isEqualTo("superseded");
        assertThat(retry.reason()).contains("reads 4").contains("2 -> 3");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(4);
        assertThat(gateway.calls().count("autoscaling", "SetDesiredCapacity")).isEqualTo(changesBefore);
    }

    @Test
    void aPlanRacedByAScaleInPlansAgainAndActsOnce(Gateway gateway) throws Exception {
        BuddyWebTier.create(autoScaling, 2, 4, 5);
        alarmIs(cloudWatch, "Buddy-CPU-High", StateValue.ALARM);
        ScalingTunerHandler container = containers.start();
        Faults.Fault held = gateway.faults().on("autoscaling", "SetDesiredCapacity").delay(Duration.ofMillis(1500)).nextCalls(1);
        gateway.faults().on("autoscaling", "SetDesiredCapacity")
                .refuse("ValidationError", "New SetDesiredCapacity value 5 is above max value 4 for the AutoScalingGroup.")
                .nextCalls(1);

        CompletableFuture<OpsResult> scaleOut = CompletableFuture.supplyAsync(
                () -> containers.invoke(container, alarmEvent("Buddy-CPU-High", "e-raced", Instant.now())));
        for (int i = 0; i < 300 && held.hits() == 0; i++) {
            Thread.sleep(10);
        }
        // While SetDesiredCapacity 5 is on its way, a scale-in restores MaxSize 4.
        autoScaling.updateAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).maxSize(4));
        OpsResult result = scaleOut.get();

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.notes()).first().asString().contains("superseded").contains("above max value 4");
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(5);
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(5);
        assertThat(gateway.calls().of("autoscaling", "SetDesiredCapacity")).filteredOn(call -> call.status() == 200).hasSize(1);
    }

    @Test
    void aHungCallEndsWithinTheInvocationsTimeAndTheEventIsRetried(Gateway gateway) {
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        ScalingTunerHandler container = containers.start();
        gateway.faults().on("autoscaling", "DescribeAutoScalingGroups").delay(Duration.ofSeconds(8)).always();
        String event = alarmEvent("Buddy-CPU-High", "e-hung", Instant.now());

        assertThatThrownBy(() -> containers.invoke(container, event, 4_000)).isInstanceOf(RetryableFailure.class)
                .hasMessageContaining("did not complete before the specified timeout");

        gateway.faults().clear();
        assertThat(containers.invoke(container, event).status()).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void anEventThatWaitedInVainForTheGroupsLeaseIsTakenOverByItsRetryAtOnce() {
        // Found by ./ops soak: the claim of an attempt that gave up waiting stayed held until its deadline, so a retry
        // (or a duplicate) coming sooner answered "duplicate" and the event was lost.
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        alarmIs(cloudWatch, "Buddy-CPU-High", StateValue.ALARM);
        ScalingTunerHandler container = containers.start();
        ResourceLeases leases = container.getApplicationContext().getBean(ResourceLeases.class);
        Instant now = Instant.now();
        assertThat(leases.tryAcquire(GROUP, "e-holder", now, now.plusSeconds(60))).isEmpty();
        String event = alarmEvent("Buddy-CPU-High", "e-waited", now);
        // 6 s left: it waits 3 s for the lease, then ends for a retry, 3 s before its deadline.
        assertThatThrownBy(() -> containers.invoke(container, event, 6_000)).isInstanceOf(RetryableFailure.class)
                .hasMessageContaining("is being changed by event e-holder");
        leases.release(GROUP, "e-holder");

        OpsResult retry = containers.invoke(container, event);

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void anEventThatWaitedForTheLeaseIsNotHeldBackByACooldownOfZeroThatEndedWhileItWaited() throws Exception {
        // Found by ./ops soak: the cooldown lock was asked with the moment the event arrived, not the moment of the
        // change, so after a wait for the lease a cooldown of 0 still read as running ("next change allowed after"
        // a moment already past) and the event ended skipped.
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        alarmIs(cloudWatch, "Buddy-CPU-High", StateValue.ALARM);
        ScalingTunerHandler container = containers.start();
        ResourceLeases leases = container.getApplicationContext().getBean(ResourceLeases.class);
        Instant start = Instant.now();
        assertThat(leases.tryAcquire(GROUP, "e-holder", start, start.plusSeconds(60))).isEmpty();
        CompletableFuture<OpsResult> waiting = CompletableFuture.supplyAsync(
                () -> containers.invoke(container, alarmEvent("Buddy-CPU-High", "e-waiting", start)));
        Thread.sleep(2_100);
        // The holder changes the group under a cooldown of 0 (its lock ends the second it is taken), then lets go.
        assertThat(container.getApplicationContext().getBean(CooldownLocks.class)
                .tryAcquire(GROUP, "e-holder", Duration.ZERO, Instant.now())).isEmpty();
        leases.release(GROUP, "e-holder");

        OpsResult result = waiting.get();

        assertThat(result.status()).as(String.valueOf(result.outcomes())).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void anOldAlarmEventWhoseAlarmIsOkNowDoesNothing() {
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        alarmIs(cloudWatch, "Buddy-CPU-High", StateValue.OK);
        ScalingTunerHandler container = containers.start();

        OpsResult result = containers.invoke(container,
                alarmEvent("Buddy-CPU-High", "e-old", Instant.now().minus(Duration.ofMinutes(50))));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("Buddy-CPU-High is OK now").contains("s old");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(2);
    }

    @Test
    void instancesStillPendingStopASecondScaleOut(Gateway gateway) {
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        autoScaling.putLifecycleHook(b -> b.autoScalingGroupName(GROUP).lifecycleHookName("Buddy-Launch-Hook")
                .lifecycleTransition("autoscaling:EC2_INSTANCE_LAUNCHING").heartbeatTimeout(600).defaultResult("ABANDON"));
        ScalingTunerHandler container = containers.start();
        java.util.Set<String> before = instanceIds();
        assertThat(containers.invoke(container, alarmEvent("Buddy-CPU-High", "e-first", Instant.now())).status())
                .isEqualTo("applied");
        String launched = instanceIds().stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();
        gateway.played().lifecycle().pause(GROUP, launched, "Buddy-Launch-Hook");

        OpsResult second = containers.invoke(container, alarmEvent("Buddy-CPU-High", "e-second", Instant.now()));

        assertThat(second.status()).isEqualTo("no-action");
        assertThat(second.reason()).contains(launched + " (Pending:Wait)").contains("no further scale-out");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void aMaxSizeAPersonSetIsKeptAndTheOpsActionSaysHandsOff() {
        BuddyWebTier.create(autoScaling, 2, 4, 6);
        ScalingTunerHandler container = containers.start();

        OpsResult result = containers.invoke(container, alarmEvent("Buddy-CPU-Low", "e-low", Instant.now()));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.warnings()).singleElement().asString().startsWith("hands off").contains("MaxSize 6");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(6);
    }

    private java.util.Set<String> instanceIds() {
        return BuddyWebTier.describe(autoScaling).instances().stream()
                .map(software.amazon.awssdk.services.autoscaling.model.Instance::instanceId)
                .collect(java.util.stream.Collectors.toSet());
    }
}
