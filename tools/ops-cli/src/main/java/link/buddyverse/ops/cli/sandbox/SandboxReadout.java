package link.buddyverse.ops.cli.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** What the sandbox holds right now, read back through its endpoint, one line per resource, for {@code sandbox status}. */
final class SandboxReadout {

    private SandboxReadout() {
    }

    static List<String> lines(SandboxClients clients, Map<String, String> coreOutputs) {
        List<String> lines = new ArrayList<>();
        String groupName = coreOutputs.get("GroupName");
        AutoScalingGroup group = clients.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups().get(0);
        lines.add("group " + groupName + ": desired " + group.desiredCapacity() + ", min " + group.minSize() + ", max "
                + group.maxSize() + "; instances " + group.instances().stream()
                .map(i -> i.instanceId() + " " + i.lifecycleStateAsString() + "/" + i.healthStatus()).collect(Collectors.joining(", ")));
        lines.add("lifecycle hooks: " + clients.autoScaling().describeLifecycleHooks(b -> b.autoScalingGroupName(groupName))
                .lifecycleHooks().stream().map(h -> h.lifecycleHookName() + " (" + h.lifecycleTransition() + ")")
                .collect(Collectors.joining(", ")));
        String targetGroupArn = clients.loadBalancing().describeTargetGroups(b -> b.names(coreOutputs.get("TargetGroupName")))
                .targetGroups().get(0).targetGroupArn();
        lines.add("target group " + coreOutputs.get("TargetGroupName") + ": " + clients.loadBalancing()
                .describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                .map(t -> t.target().id() + " " + t.targetHealth().stateAsString()).collect(Collectors.joining(", ")));
        clients.efs().describeFileSystems(b -> b.fileSystemId(coreOutputs.get("FileSystemId"))).fileSystems().forEach(fs ->
                lines.add("file system " + fs.fileSystemId() + " (" + fs.name() + "): " + fs.throughputModeAsString() + ", "
                        + (fs.encrypted() ? "encrypted" : "not encrypted") + ", " + fs.numberOfMountTargets() + " mount targets"));
        for (DBInstance db : clients.rds().describeDBInstances().dbInstances()) {
            lines.add("database " + db.dbInstanceIdentifier() + ": " + db.dbInstanceStatus() + " in " + db.availabilityZone()
                    + (db.readReplicaSourceDBInstanceIdentifier() != null ? ", replica of " + db.readReplicaSourceDBInstanceIdentifier() : ""));
        }
        String zone = coreOutputs.get("PrivateHostedZoneId");
        String readRecord = coreOutputs.get("ReadRecordName");
        if (zone != null && readRecord != null) {
            for (ResourceRecordSet record : clients.route53().listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets()) {
                if (record.name().replaceAll("\\.$", "").equals(readRecord)) {
                    lines.add("read endpoint " + readRecord + " -> " + record.resourceRecords().stream()
                            .map(r -> r.value()).collect(Collectors.joining(", ")));
                }
            }
        }
        lines.add("alarms: " + clients.cloudWatch().describeAlarms().metricAlarms().stream()
                .map(a -> a.alarmName() + " " + a.stateValueAsString()).collect(Collectors.joining(", ")));
        return lines;
    }
}
