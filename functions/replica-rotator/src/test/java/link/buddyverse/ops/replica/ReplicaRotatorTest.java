package link.buddyverse.ops.replica;

import static link.buddyverse.ops.replica.DatabaseFleet.PARAMETER;
import static link.buddyverse.ops.replica.DatabaseFleet.REPLICA;
import static link.buddyverse.ops.replica.DatabaseFleet.SOURCE;
import static link.buddyverse.ops.replica.DatabaseFleet.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ReplicaRotatorFunction end to end against moto through the local gateway: RDS with replicas, the private zone's
 * weighted records, ReplicaLag datapoints through the SDK's CloudWatch client (CBOR, bridged), the SSM parameter.
 * Minutes pass on the test's clock; the datapoints are put for those minutes.
 */
@ExtendWith(MotoExtension.class)
class ReplicaRotatorTest {

    DatabaseFleet fleet;

    @AfterEach
    void closeContainers() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aHealthyReplicaStaysInRotationAndASecondReconcileWritesNothing(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container();
        fleet.lag(REPLICA, 1, 0, 2);

        OpsResult first = fleet.reconcile(function);
        OpsResult second = fleet.reconcile(function);

        assertThat(first.status()).isEqualTo("applied");
        assertThat(first.plan()).singleElement().satisfies(a -> assertThat(a.action()).isEqualTo("PublishReadEndpoints"));
        assertThat(second.status()).isEqualTo("no-action");
        assertThat(second.reason()).contains("already points at " + REPLICA);
        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));
        assertThat(fleet.parameter()).isEqualTo("{\"name\":\"read.db.buddyverse.internal\",\"onPrimary\":false,\"endpoints\":"
                + "[{\"instance\":\"database1-replica\",\"address\":\"" + fleet.address(REPLICA) + "\"}]}");
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isZero();
        assertThat(gateway.calls().count("ssm", "PutParameter")).isEqualTo(1);
        assertThat(gateway.calls().count("cloudwatch", "GetMetricData")).isEqualTo(2);
    }

    @Test
    void aLaggingReplicaGoesInLaggingOutRecoveringAndBackInAfterTheHoldTime(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container(Map.of("replica.recovery-hold-seconds", 180));
        fleet.lag(REPLICA, 1, 1, 1);
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.startsWith(REPLICA + ": in "));

        fleet.minutePasses(45, REPLICA);
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.startsWith(REPLICA + ": lagging (lagging: 1 of 3"));
        fleet.minutePasses(62, REPLICA);
        OpsResult stillIn = fleet.reconcile(function);
        assertThat(stillIn.status()).isEqualTo("no-action");
        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));

        fleet.minutePasses(80, REPLICA);
        OpsResult out = fleet.reconcile(function);

        assertThat(out.status()).isEqualTo("applied");
        assertThat(out.notes()).anyMatch(n -> n.startsWith(REPLICA + ": out (lag above 30 s for 3 consecutive samples"));
        assertThat(out.warnings()).singleElement().satisfies(w -> assertThat(w).startsWith("critical: reads are on the primary database1"));
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
        assertThat(fleet.parameter()).contains("\"onPrimary\":true");
        assertThat(gateway.calls().of("eventbridge", "PutEvents")).anyMatch(call -> call.parameters().contains("reads are on the primary"));
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isEqualTo(1);

        fleet.minutePasses(20, REPLICA);
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.startsWith(REPLICA + ": out (out: lag 20 s is not under"));
        fleet.minutePasses(4, REPLICA);
        OpsResult recovering = fleet.reconcile(function);
        assertThat(recovering.notes()).anyMatch(n -> n.startsWith(REPLICA + ": recovering (recovering: lag 4 s, under 10 s for 0 of 180 s"));
        assertThat(recovering.status()).isEqualTo("no-action");
        fleet.minutePasses(3, REPLICA);
        fleet.minutePasses(2, REPLICA);
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.contains("for 120 of 180 s"));
        fleet.minutePasses(2, REPLICA);

        OpsResult back = fleet.reconcile(function);

        assertThat(back.status()).isEqualTo("applied");
        assertThat(back.notes()).anyMatch(n -> n.startsWith(REPLICA + ": in (back in rotation: lag under 10 s for 180 s"));
        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));
        assertThat(fleet.parameter()).contains("\"onPrimary\":false");
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isEqualTo(2);
    }

    @Test
    void aRecoveringReplicaThatLagsAgainStartsItsHoldTimeOver() {
        fleet = new DatabaseFleet(REPLICA);
        ReplicaRotatorHandler function = fleet.container(Map.of("replica.recovery-hold-seconds", 120));
        fleet.lag(REPLICA, 90, 90, 90);
        fleet.reconcile(function);
        fleet.minutePasses(3, REPLICA);
        fleet.reconcile(function);
        fleet.minutePasses(15, REPLICA);
        fleet.reconcile(function);
        fleet.minutePasses(3, REPLICA);
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.contains("for 0 of 120 s"));
        fleet.minutePasses(3, REPLICA);

        OpsResult result = fleet.reconcile(function);

        assertThat(result.notes()).anyMatch(n -> n.contains("for 60 of 120 s"));
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
    }

    @Test
    void aSingleLagSpikeDoesNotFlapTheEndpoint(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container();
        fleet.lag(REPLICA, 1, 1, 1);
        fleet.reconcile(function);
        for (double lag : new double[] {400, 2, 1, 95, 96, 0, 3}) {
            fleet.minutePasses(lag, REPLICA);
            assertThat(fleet.reconcile(function).status()).isEqualTo("no-action");
        }

        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isZero();
    }

    @Test
    void aReplicaWithNoLagDataLeavesTheRotation() {
        fleet = new DatabaseFleet(REPLICA, "database1-replica-b");
        ReplicaRotatorHandler function = fleet.container();
        fleet.lag("database1-replica-b", 1, 1, 1, 1, 1, 1, 1);
        fleet.lag(REPLICA, 1, 1, 1, 1, 1, 1, 1);
        fleet.clock.advance(java.time.Duration.ofMinutes(1));
        fleet.reconcile(function);
        // database1-replica-b is new and not yet in rotation; the replica stops reporting for five minutes
        for (int minute = 0; minute < 5; minute++) {
            fleet.minutePasses(1, "database1-replica-b");
        }

        OpsResult result = fleet.reconcile(function);

        assertThat(result.notes()).anyMatch(n -> n.startsWith(REPLICA + ": out (out: no ReplicaLag sample in the last 300 s"));
        assertThat(fleet.readRecords()).containsExactly("database1-replica-b -> " + fleet.address("database1-replica-b"));
    }

    @Test
    void aDeletedReplicaLeavesAtOnceAndANewReplicaJoinsAfterTheHoldTime() {
        fleet = new DatabaseFleet(REPLICA);
        ReplicaRotatorHandler function = fleet.container(Map.of("replica.recovery-hold-seconds", 60));
        fleet.lag(REPLICA, 1, 1, 1);
        fleet.reconcile(function);

        fleet.clock.advance(java.time.Duration.ofSeconds(6));
        fleet.rds.deleteDBInstance(b -> b.dbInstanceIdentifier(REPLICA).skipFinalSnapshot(true));
        OpsResult deleted = fleet.deliver(function, sample("replica-deleted.json"));

        assertThat(deleted.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));

        fleet.createReplica("database1-replica-2");
        OpsResult created = fleet.deliver(function, sample("replica-created.json"));
        assertThat(created.notes()).anyMatch(n -> n.startsWith("database1-replica-2: out (out: no ReplicaLag sample"));
        fleet.minutePasses(2, "database1-replica-2");
        assertThat(fleet.reconcile(function).notes()).anyMatch(n -> n.startsWith("database1-replica-2: recovering"));
        fleet.minutePasses(1, "database1-replica-2");

        OpsResult joined = fleet.reconcile(function);

        assertThat(joined.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).containsExactly("database1-replica-2 -> " + fleet.address("database1-replica-2"));
        assertThat(fleet.parameter()).contains("database1-replica-2").doesNotContain("\"instance\":\"database1\"");
    }

    @Test
    void aPromotedReplicaLeavesTheRotation() {
        fleet = new DatabaseFleet(REPLICA, "database1-replica-b");
        ReplicaRotatorHandler function = fleet.container();
        fleet.lag(REPLICA, 1, 1, 1);
        fleet.lag("database1-replica-b", 1, 1, 1);
        fleet.clock.advance(java.time.Duration.ofMinutes(10));
        fleet.lag(REPLICA, 1, 1, 1, 1, 1, 1);
        fleet.lag("database1-replica-b", 1, 1, 1, 1, 1, 1);
        ReplicaRotatorHandler noHold = fleet.container(Map.of("replica.recovery-hold-seconds", 0));
        fleet.reconcile(noHold);
        assertThat(fleet.readRecords()).hasSize(2);
        // moto's PromoteReadReplica keeps the source link; after a real promotion DescribeDBInstances shows the same
        // id standing alone, which is what is set up here.
        fleet.rds.deleteDBInstance(b -> b.dbInstanceIdentifier(REPLICA).skipFinalSnapshot(true));
        fleet.rds.createDBInstance(b -> b.dbInstanceIdentifier(REPLICA).engine("mysql").dbInstanceClass("db.t3.micro")
                .masterUsername("admin").masterUserPassword("buddyverse-secret").allocatedStorage(20));
        fleet.clock.advance(java.time.Duration.ofSeconds(6));

        OpsResult result = fleet.reconcile(function);

        assertThat(result.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).containsExactly("database1-replica-b -> " + fleet.address("database1-replica-b"));
    }

    @Test
    void withNoReplicaReadsStayOnThePrimaryAndSaySo() {
        fleet = new DatabaseFleet();
        ReplicaRotatorHandler function = fleet.container();

        OpsResult result = fleet.reconcile(function);

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w).contains("it has no replica in this region"));
        assertThat(fleet.readRecords()).containsExactly(SOURCE + " -> " + fleet.address(SOURCE));
        assertThat(fleet.reconcile(function).status()).isEqualTo("no-action");
    }

    @Test
    void anUnavailableSourceIsReportedAndNothingChanges(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container();
        fleet.rds.stopDBInstance(b -> b.dbInstanceIdentifier(SOURCE));

        OpsResult result = fleet.reconcile(function);

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w).contains("database1 is not available (status stopped)"));
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isZero();
        assertThat(gateway.calls().count("ssm", "PutParameter")).isZero();
    }

    @Test
    void fifteenReplicasAreReconciledWithOneCallOfEachKind(Gateway gateway) {
        List<String> replicas = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            replicas.add(String.format("database1-replica-%02d", i));
        }
        fleet = new DatabaseFleet(replicas.toArray(String[]::new));
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container(Map.of("replica.recovery-hold-seconds", 0));
        replicas.forEach(replica -> fleet.lag(replica, 1, 2, 1));
        fleet.reconcile(function);
        assertThat(fleet.readRecords()).hasSize(15);
        fleet.minutePasses(0, replicas.subList(1, 15).toArray(String[]::new));
        fleet.lag(replicas.get(0), 50, 60, 70, 80);
        int callsBefore = gateway.calls().all().size();
        int describes = gateway.calls().count("rds", "DescribeDBInstances");
        int metricReads = gateway.calls().count("cloudwatch", "GetMetricData");
        int changes = gateway.calls().count("route53", "ChangeResourceRecordSets");

        long start = System.nanoTime();
        OpsResult result = fleet.reconcile(function);
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> calls = gateway.calls().all().subList(callsBefore, gateway.calls().all().size()).stream()
                .map(c -> c.service() + ":" + c.operation()).toList();

        assertThat(result.status()).isEqualTo("applied");
        assertThat(fleet.readRecords()).hasSize(14).noneMatch(r -> r.startsWith(replicas.get(0) + " "));
        assertThat(gateway.calls().count("rds", "DescribeDBInstances")).isEqualTo(describes + 1);
        assertThat(gateway.calls().count("cloudwatch", "GetMetricData")).isEqualTo(metricReads + 1);
        assertThat(gateway.calls().count("route53", "ChangeResourceRecordSets")).isEqualTo(changes + 1);
        System.out.printf("one reconcile of 15 replicas (one leaving): %d ms, %d calls (%s)%n", millis, calls.size(), calls);
    }

    @Test
    void dryRunPlansTheChangeButChangesAndRemembersNothing(Gateway gateway) {
        fleet = new DatabaseFleet(REPLICA);
        gateway.reset();  // the fixture's own calls are not the function's
        ReplicaRotatorHandler function = fleet.container(Map.of("ops.dry-run", true));
        fleet.lag(REPLICA, 90, 90, 90);

        OpsResult result = fleet.reconcile(function);

        assertThat(result.status()).isEqualTo("dry-run");
        assertThat(result.plan()).extracting(a -> a.action()).containsExactly("ChangeReadRecords", "PublishReadEndpoints");
        assertThat(fleet.readRecords()).containsExactly(REPLICA + " -> " + fleet.address(REPLICA));
        assertThat(fleet.parameter()).isNull();
        assertThat(gateway.calls().count("dynamodb", "PutItem")).isZero();
    }
}
