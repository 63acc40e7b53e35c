package link.buddyverse.ops.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * The owners' replication drill, and what they feared: database1-replica falls minutes behind and leaves the read
 * endpoint (reads on the primary), catches up and comes back after the hold time; it is deleted and leaves at once;
 * a new replica is created and joins once its lag has been low for the hold time. ReplicaLag is put by the drill,
 * as RDS would publish it (the newest datapoint a minute or two behind the clock, as CloudWatch shows it).
 */
final class ReplicaLagDrill implements Drill {

    static final String FUNCTION = "ReplicaRotatorFunction";
    static final String EVENTS = "replica-rotator";
    /** The recovery hold the drill runs with (deployed: 300 s), so "after the hold time" is seconds, not minutes. */
    static final int HOLD_SECONDS = 2;
    /** ReplicaRotatorFunction's settle time (RotationSettings.settleSeconds, not a template variable). */
    static final int SETTLE_SECONDS = 2;
    static final String NEW_REPLICA = "database1-replica-2";

    @Override
    public String id() {
        return "replica-lag";
    }

    @Override
    public String title() {
        return "Lagging, deleted and new replica";
    }

    @Override
    public String owners() {
        return "wrote rows to the primary and read them from the replica";
    }

    @Override
    public List<String> functions() {
        return List.of(FUNCTION, IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        AwsPart aws = context.awsPart();
        String source = context.coreOutputs().get("DatabaseInstanceId");
        String replica = context.coreOutputs().get("ReplicaInstanceId");
        String alarm = "Buddy-Replica-Lag-" + replica;
        context.expectIncident(alarm);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        expectReadsOn(context, List.of(replica), "the read endpoint starts on " + replica + " (the core stack's record)");
        context.note(FUNCTION + " runs here with REPLICA_RECOVERY_HOLD_SECONDS=" + HOLD_SECONDS + " (deployed: 300 s):"
                + " each wait below is the hold time passing");

        context.owners("a bulk import on " + source + ": the replica applies it minutes late");
        putLag(context, replica, minute.minus(Duration.ofMinutes(4)), 45, 62, 80);
        FunctionInvoker.Invocation out = aws.alarm(context, FUNCTION, EVENTS, alarm, "OK", "ALARM",
                "Threshold Crossed: 3 out of the last 3 datapoints [80.0, 62.0, 45.0] were greater than the threshold (30.0)");
        expectReadsOn(context, List.of(source), replica + " left the rotation: reads fall back to the primary");
        context.check(out.warnings().stream().anyMatch(w -> w.contains("reads are on the primary")),
                "a critical Ops Action event says reads are on the primary", String.valueOf(out.warnings()));

        context.owners("the import ends: the replica catches up");
        putLag(context, replica, minute.minus(Duration.ofMinutes(1)), 2);
        aws.alarm(context, FUNCTION, EVENTS, alarm, "ALARM", "OK",
                "Threshold Crossed: 1 out of the last 3 datapoints [2.0] was not greater than the threshold (30.0)");
        expectReadsOn(context, List.of(source), "recovering: reads stay on the primary during the hold time");
        holdTimePasses(context);
        putLag(context, replica, minute, 1);
        aws.schedule(context, FUNCTION, EVENTS, "the minute's reconcile");
        expectReadsOn(context, List.of(replica), replica + " is back in rotation after the hold time");

        // RDS takes minutes to delete a replica; the rotator keeps the read name settled for SETTLE_SECONDS after a
        // change (a change due within it waits for the next minute's reconcile), so the drill lets that time pass.
        context.note("the rotator's settle time of " + SETTLE_SECONDS + " s after its last change passes (deleting a replica takes RDS minutes)");
        sleep(SETTLE_SECONDS * 1000L + 500);
        context.owners("delete " + replica + " (to rebuild it)");
        context.aws().rds().deleteDBInstance(b -> b.dbInstanceIdentifier(replica).skipFinalSnapshot(true));
        aws.rdsEvent(context, FUNCTION, EVENTS, "replica-deleted.json", replica + " deleted (RDS-EVENT-0003)");
        expectReadsOn(context, List.of(source), "the deleted replica left at once: reads on the primary");
        // No alarm to thread it under this time: the rotator's critical warning opens a critical incident of its own,
        // on the read name it changed (the notifier's key for an action's own incident).
        context.expectIncident("action:" + context.coreOutputs().get("ReadRecordName") + ".");

        context.owners("create " + NEW_REPLICA + " from " + source);
        context.aws().rds().createDBInstanceReadReplica(b -> b.dbInstanceIdentifier(NEW_REPLICA).sourceDBInstanceIdentifier(source));
        aws.rdsEvent(context, FUNCTION, EVENTS, "replica-created.json", NEW_REPLICA + " created (RDS-EVENT-0005)");
        expectReadsOn(context, List.of(source), "the new replica waits: no lag data yet");
        putLag(context, NEW_REPLICA, minute.minus(Duration.ofMinutes(1)), 0, 0);
        aws.schedule(context, FUNCTION, EVENTS, "the minute's reconcile");
        expectReadsOn(context, List.of(source), "the new replica is recovering: its lag must stay low for the hold time");
        holdTimePasses(context);
        aws.schedule(context, FUNCTION, EVENTS, "the minute's reconcile");
        expectReadsOn(context, List.of(NEW_REPLICA), NEW_REPLICA + " joined the rotation");
    }

    /** RDS publishes ReplicaLag once a minute; moto has no RDS engine behind it, so the drill puts the datapoints. */
    private static void putLag(DrillContext context, String instance, Instant first, double... seconds) {
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            data.add(MetricDatum.builder().metricName("ReplicaLag").value(seconds[i]).timestamp(first.plus(Duration.ofMinutes(i)))
                    .dimensions(d -> d.name("DBInstanceIdentifier").value(instance)).build());
        }
        context.aws().cloudWatch().putMetricData(b -> b.namespace("AWS/RDS").metricData(data));
        StringBuilder values = new StringBuilder();
        for (double value : seconds) {
            values.append(values.length() == 0 ? "" : ", ").append((long) value).append(" s");
        }
        context.aws("CloudWatch: ReplicaLag of " + instance + " " + values + " (one a minute from " + first + ")");
    }

    private static void holdTimePasses(DrillContext context) {
        context.note("the hold time of " + HOLD_SECONDS + " s passes");
        sleep(HOLD_SECONDS * 1000L + 500);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The read name's records point at exactly these instances' addresses. */
    private static void expectReadsOn(DrillContext context, List<String> instances, String what) {
        String zone = context.coreOutputs().get("PrivateHostedZoneId");
        String name = context.coreOutputs().get("ReadRecordName");
        List<String> records = context.aws().route53().listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets()
                .stream().filter(r -> r.name().replaceAll("\\.$", "").equals(name))
                .map(r -> r.setIdentifier() + " -> " + r.resourceRecords().get(0).value()).sorted().toList();
        List<String> expected = instances.stream().map(id -> id + " -> " + context.aws().rds()
                .describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0).endpoint().address()).sorted().toList();
        context.check(records.equals(expected), name + ": " + what, String.valueOf(records));
    }
}
