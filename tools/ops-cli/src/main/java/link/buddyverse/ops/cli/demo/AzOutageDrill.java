package link.buddyverse.ops.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * An AZ outage, never drilled by hand: ap-northeast-2a goes dark and, within a minute, a dozen alarms on what runs
 * there fire (the web servers' status checks, the load balancer's errors and latency, the primary's connections
 * and latency...). IncidentNotifierFunction must not flood the channel: past its storm threshold (10 incidents
 * opening in a minute) the rest join one roll-up message, listed with their state and updated in place; when the
 * AZ comes back every alarm clears and the roll-up says the storm is over.
 */
final class AzOutageDrill implements Drill {

    static final String AZ = "ap-northeast-2a";

    @Override
    public String id() {
        return "az-outage";
    }

    @Override
    public String title() {
        return "AZ outage: a dozen alarms in a minute, one roll-up";
    }

    @Override
    public String owners() {
        return "spread every tier over 2a and 2c so that the site survives losing one AZ; they never had one go down";
    }

    @Override
    public List<String> functions() {
        return List.of(IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        List<MetricAlarm> alarms = outageAlarms(context);
        for (MetricAlarm alarm : alarms) {
            context.aws().cloudWatch().putMetricAlarm(b -> b.alarmName(alarm.alarmName()).alarmDescription(alarm.alarmDescription())
                    .namespace(alarm.namespace()).metricName(alarm.metricName()).dimensions(alarm.dimensions())
                    .statistic(alarm.statistic()).period(alarm.period()).evaluationPeriods(alarm.evaluationPeriods())
                    .threshold(alarm.threshold()).comparisonOperator(alarm.comparisonOperator()));
        }
        context.aws("CloudWatch: " + alarms.size() + " alarms watch what runs in " + AZ + " (put with PutMetricAlarm for the drill)");
        context.expectStorm(alarms.stream().map(MetricAlarm::alarmName).toList());

        context.note(AZ + " loses power: within a minute every alarm on what runs there fires");
        for (MetricAlarm alarm : alarms) {
            context.awsPart().alarmChanges(context, alarm, "OK", "ALARM", "Threshold Crossed: 1 out of the last 1 datapoints was "
                    + (alarm.comparisonOperator() == ComparisonOperator.LESS_THAN_THRESHOLD ? "less" : "greater") + " than the threshold ("
                    + alarm.threshold() + ")");
        }
        context.note(AZ + " is back: the alarms clear");
        for (MetricAlarm alarm : alarms) {
            context.awsPart().alarmChanges(context, alarm, "ALARM", "OK", "Threshold Crossed: 1 out of the last 1 datapoints was not "
                    + (alarm.comparisonOperator() == ComparisonOperator.LESS_THAN_THRESHOLD ? "less" : "greater") + " than the threshold ("
                    + alarm.threshold() + ")");
        }
    }

    /** The alarms an AZ outage sets off: twelve, two more than the storm threshold, on the stack's own resources. */
    private static List<MetricAlarm> outageAlarms(DrillContext context) {
        Map<String, String> outputs = context.coreOutputs();
        String loadBalancer = outputs.get("LoadBalancerFullName");
        String targetGroup = outputs.get("TargetGroupFullName");
        String primary = outputs.get("DatabaseInstanceId");
        String replica = outputs.get("ReplicaInstanceId");
        List<MetricAlarm> alarms = new ArrayList<>();
        for (String instance : context.web().group().ids()) {
            alarms.add(alarm("Buddy-" + instance + "-Status-Check", "AWS/EC2", "StatusCheckFailed", 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    "web server " + instance + " fails its status checks", Map.of("InstanceId", instance)));
        }
        alarms.add(alarm("Buddy-ALB-5XX", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", 10, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "the load balancer answers 5XX", Map.of("LoadBalancer", loadBalancer)));
        alarms.add(alarm("Buddy-ALB-Latency", "AWS/ApplicationELB", "TargetResponseTime", 2, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "targets answer slowly", Map.of("LoadBalancer", loadBalancer)));
        alarms.add(alarm("Buddy-Healthy-Hosts-2a", "AWS/ApplicationELB", "HealthyHostCount", 1, ComparisonOperator.LESS_THAN_THRESHOLD,
                "no healthy web server in " + AZ, Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer, "AvailabilityZone", AZ)));
        alarms.add(alarm("Buddy-Target-5XX-2a", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", 10, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "web servers in " + AZ + " answer 5XX", Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer, "AvailabilityZone", AZ)));
        alarms.add(alarm("Buddy-ALB-Rejected-Connections", "AWS/ApplicationELB", "RejectedConnectionCount", 1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, "the load balancer rejects connections", Map.of("LoadBalancer", loadBalancer)));
        alarms.add(alarm("Buddy-" + primary + "-Connections", "AWS/RDS", "DatabaseConnections", 1, ComparisonOperator.LESS_THAN_THRESHOLD,
                "nothing is connected to the primary", Map.of("DBInstanceIdentifier", primary)));
        alarms.add(alarm("Buddy-" + primary + "-Write-Latency", "AWS/RDS", "WriteLatency", 0.05, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "the primary writes slowly", Map.of("DBInstanceIdentifier", primary)));
        alarms.add(alarm("Buddy-" + primary + "-CPU", "AWS/RDS", "CPUUtilization", 90, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "the primary's CPU is saturated", Map.of("DBInstanceIdentifier", primary)));
        alarms.add(alarm("Buddy-" + replica + "-Read-Latency", "AWS/RDS", "ReadLatency", 0.05, ComparisonOperator.GREATER_THAN_THRESHOLD,
                "the replica reads slowly", Map.of("DBInstanceIdentifier", replica)));
        alarms.add(alarm("Buddy-EFS-Client-Connections", "AWS/EFS", "ClientConnections", 1, ComparisonOperator.LESS_THAN_THRESHOLD,
                "web servers lost /mnt/efs", Map.of("FileSystemId", outputs.get("FileSystemId"))));
        return alarms.subList(0, Math.min(12, alarms.size()));
    }

    private static MetricAlarm alarm(String name, String namespace, String metric, double threshold, ComparisonOperator comparison,
                                     String description, Map<String, String> dimensions) {
        return MetricAlarm.builder().alarmName(name).alarmDescription(description + " (" + AZ + " outage)").namespace(namespace)
                .metricName(metric).statistic(Statistic.AVERAGE).period(60).evaluationPeriods(1).threshold(threshold)
                .comparisonOperator(comparison)
                .dimensions(dimensions.entrySet().stream().map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }
}
