package link.buddyverse.ops.cli.demo;

import java.util.List;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** The owners' drills, in the order the demo runs them. A new function adds its drills here. */
public final class Drills {

    private Drills() {
    }

    public static List<Drill> all() {
        return List.of(
                new CpuStressDrill(),
                new KilledInstanceDrill(),
                new StoppedApacheDrill(),
                new AbandonedLaunchDrill(),
                new DrainedInstanceDrill(),
                new SharedFilesDrill(),
                new DashboardDrill(),
                new PendingDrill("replica-lag", "Lagging or failed replica",
                        "wrote rows to the primary and read them from the replica", "ReplicaRotatorFunction",
                        "the replica's lag alarm goes to ALARM (then an RDS failure event), and read.db points at the primary"
                                + " until the replica is back",
                        Drills::readEndpointOnReplica),
                new EfsCreditsDrill());
    }

    private static void readEndpointOnReplica(DrillContext context) {
        DBInstance replica = context.aws().rds().describeDBInstances(b -> b.dbInstanceIdentifier(
                context.coreOutputs().get("ReplicaInstanceId"))).dbInstances().get(0);
        String record = context.coreOutputs().get("ReadRecordName");
        String value = context.aws().route53().listResourceRecordSets(b -> b.hostedZoneId(context.coreOutputs().get("PrivateHostedZoneId")))
                .resourceRecordSets().stream().filter(r -> r.name().replaceAll("\\.$", "").equals(record))
                .map(r -> r.resourceRecords().get(0).value()).findFirst().orElse("(no record)");
        context.check(replica.readReplicaSourceDBInstanceIdentifier() != null && value.equals(replica.endpoint().address()),
                replica.dbInstanceIdentifier() + " replicates " + replica.readReplicaSourceDBInstanceIdentifier() + " and "
                        + record + " points at it", record + " -> " + value);
    }
}
