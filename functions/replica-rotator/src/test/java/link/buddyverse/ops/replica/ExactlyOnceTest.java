package link.buddyverse.ops.replica;

import static link.buddyverse.ops.replica.DatabaseFleet.REPLICA;
import static link.buddyverse.ops.replica.DatabaseFleet.SOURCE;
import static link.buddyverse.ops.replica.DatabaseFleet.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import link.buddyverse.ops.kit.handler.RetryableFailure;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One reconcile's changes are applied once, whatever AWS and EventBridge do: duplicates, concurrent deliveries,
 * Route 53 throttling past the SDK's retries; bad input is rejected or skipped, never an error.
 */
@ExtendWith(MotoExtension.class)
class ExactlyOnceTest {

    DatabaseFleet fleet;

    // Two attempts per SDK call instead of the kit's four: "past the SDK's retries" comes the same, sooner.
    @BeforeAll
    static void fewerSdkAttempts() {
        System.setProperty("aws.maxAttempts", "2");
    }

    @AfterAll
    static void usualSdkAttempts() {
        System.clearProperty("aws.maxAttempts");
    }

    @AfterEach
    void closeContainers() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** The replica has lagged 3 minutes: the next reconcile takes it out (one batch, reads on the primary). */
    private void replicaLagsThreeMinutes(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        fleet.lag(REPLICA, 45, 62, 80);
        gateway.reset();
    }

    @Test
    void theSameAlarmEventDeliveredTwiceActsOnce(Gateway gateway) {
        replicaLagsThreeMinutes(gateway);
        ReplicaRotatorHandler function = fleet.container();

        OpsResult first = fleet.deliver(function, sample("replica-lag-alarm.json"));
        OpsResult second = fleet.deliver(function, sample("replica-lag-alarm.json"));

        assertThat(first.status()).isEqualTo("applied");
        assertThat(second.status()).isEqualTo("duplicate");
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isEqualTo(1);
        assertThat(gateway.calls().count("ssm", "PutParameter")).isEqualTo(1);
    }

    @Test
    void twoDifferentEventsAtTheSameMomentChangeTheEndpointOnce(Gateway gateway) throws Exception {
        replicaLagsThreeMinutes(gateway);
        ReplicaRotatorHandler containerA = fleet.container();
        ReplicaRotatorHandler containerB = fleet.container();
        CyclicBarrier together = new CyclicBarrier(2);

        CompletableFuture<OpsResult> alarm = CompletableFuture.supplyAsync(() -> {
            await(together);
            return fleet.deliver(containerA, sample("replica-lag-alarm.json"));
        });
        CompletableFuture<OpsResult> tick = CompletableFuture.supplyAsync(() -> {
            await(together);
            return fleet.reconcile(containerB);
        });
        List<String> statuses = List.of(alarm.get().status(), tick.get().status());

        assertThat(statuses).contains("applied");
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isEqualTo(1);
        assertThat(gateway.calls().count("ssm", "PutParameter")).isEqualTo(1);
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
    }

    @Test
    void route53ThrottledPastTheSdkRetriesMakesTheEventRetriedAndTheRetryAppliesTheRecordedBatch(Gateway gateway) {
        replicaLagsThreeMinutes(gateway);
        ReplicaRotatorHandler function = fleet.container();
        gateway.faults().on("route53", "ChangeResourceRecordSets").throttle().always();

        assertThatThrownBy(() -> fleet.deliver(function, sample("replica-lag-alarm.json")))
                .isInstanceOf(RetryableFailure.class).hasMessageContaining("ChangeReadRecords");
        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));
        assertThat(fleet.parameter()).isNull();

        gateway.faults().clear();
        OpsResult retry = fleet.deliver(function, sample("replica-lag-alarm.json"));

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
        assertThat(fleet.parameter()).contains("\"onPrimary\":true");
        assertThat(gateway.calls().of("route53", "ChangeResourceRecordSets")).extracting(c -> c.handledBy())
                .containsExactly("fault:throttle", "fault:throttle", "moto");
        assertThat(fleet.deliver(function, sample("replica-lag-alarm.json")).status()).isEqualTo("duplicate");
    }

    @Test
    void aBatchAppliedWhoseAnswerWasLostIsRecognisedOnTheRetry(Gateway gateway) {
        replicaLagsThreeMinutes(gateway);
        ReplicaRotatorHandler function = fleet.container();
        gateway.faults().on("route53", "ChangeResourceRecordSets").dropConnection().nextCalls(1);

        assertThatThrownBy(() -> fleet.deliver(function, sample("replica-lag-alarm.json")))
                .isInstanceOf(RetryableFailure.class);
        OpsResult retry = fleet.deliver(function, sample("replica-lag-alarm.json"));

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
        // compare-and-set: the retry reads the record sets, finds them already as planned and sends no second batch
        assertThat(gateway.calls().of("route53", "ChangeResourceRecordSets")).hasSize(1);
    }

    @Test
    void anRdsEventWithoutItsInstanceIsRejected(Gateway gateway) {
        replicaLagsThreeMinutes(gateway);
        String missing = sample("replica-deleted.json").replace("\"SourceIdentifier\": \"database1-replica\",", "");

        OpsResult result = fleet.deliver(fleet.container(), missing);

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("SourceIdentifier");
    }

    @Test
    void rdsEventsThatCannotChangeTheReadersAndOtherAlarmsAreSkipped(Gateway gateway) {
        replicaLagsThreeMinutes(gateway);
        ReplicaRotatorHandler function = fleet.container();
        String otherAlarm = sample("replica-lag-alarm.json").replace("Buddy-Replica-Lag-database1-replica", "Buddy-CPU-High");

        // Not a sample: the rule never delivers it (events/ holds what the function receives), but a direct invoke can.
        String backupEvent = sample("replica-deleted.json").replace("RDS-EVENT-0003", "RDS-EVENT-0001")
                .replace("\"deletion\"", "\"backup\"").replace("DB instance deleted", "Backing up DB instance");
        OpsResult backup = fleet.deliver(function, backupEvent);
        OpsResult cpu = fleet.deliver(function, otherAlarm);

        assertThat(backup.status()).isEqualTo("skipped");
        assertThat(backup.reason()).contains("RDS-EVENT-0001");
        assertThat(cpu.status()).isEqualTo("skipped");
        assertThat(cpu.reason()).contains("not a replica-lag alarm");
        assertThat(gateway.calls().count("rds", "DescribeDBInstances")).isZero();
    }

    @Test
    void aNullInputAndANonObjectAreRejectedNotErrors() {
        fleet = new DatabaseFleet();
        ReplicaRotatorHandler function = fleet.container();

        assertThat(function.handleRequest(null, TestLambdaContext.of(ReplicaRotator.NAME)).status()).isEqualTo("rejected");
        assertThat(fleet.deliver(function, "[1, 2, 3]").status()).isEqualTo("rejected");
    }

    @Test
    void everySampleEventIsAcceptedOrSkippedWithAReason() {
        fleet = new DatabaseFleet(REPLICA);
        ReplicaRotatorHandler function = fleet.container();
        for (String file : List.of("replica-replication-error.json", "replica-stopped.json", "replica-created.json",
                "reconcile-schedule.json")) {
            OpsResult result = fleet.deliver(function, SampleEvents.read("replica-rotator", file));
            assertThat(result.status()).as(file).isIn("applied", "no-action");
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
