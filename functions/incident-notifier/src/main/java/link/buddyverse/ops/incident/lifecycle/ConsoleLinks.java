package link.buddyverse.ops.incident.lifecycle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Links into the AWS console, always for the region the event came from (the console otherwise opens in
 * whatever region the reader used last, and shows an empty page).
 */
public final class ConsoleLinks {

    /** A resource an incident is about: what to call it and where it is in the console. */
    record Resource(String label, String link) {
    }

    // Most specific first: an ALB alarm carries both TargetGroup and LoadBalancer; the target group is the subject.
    private static final List<String> DIMENSION_PRIORITY = List.of("AutoScalingGroupName", "DBInstanceIdentifier",
            "TargetGroup", "LoadBalancer", "FileSystemId", "InstanceId");

    private ConsoleLinks() {
    }

    public static String alarm(String region, String alarmName) {
        return base(region, "cloudwatch") + "#alarmsV2:alarm/" + encode(alarmName);
    }

    public static String dashboard(String region, String dashboardName) {
        return base(region, "cloudwatch") + "#dashboards/dashboard/" + encode(dashboardName);
    }

    public static String autoScalingGroup(String region, String group) {
        return base(region, "ec2") + "#AutoScalingGroupDetails:id=" + encode(group) + ";view=activity";
    }

    public static String dbInstance(String region, String instance) {
        return base(region, "rds") + "#database:id=" + encode(instance) + ";is-cluster=false";
    }

    /** The resource an alarm watches, from its metric's dimensions. */
    public static Optional<Resource> fromDimensions(String region, Map<String, String> dimensions) {
        for (String name : DIMENSION_PRIORITY) {
            String value = dimensions.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            switch (name) {
                case "AutoScalingGroupName":
                    return Optional.of(new Resource(value, autoScalingGroup(region, value)));
                case "DBInstanceIdentifier":
                    return Optional.of(new Resource(value, dbInstance(region, value)));
                case "TargetGroup": {
                    String group = middle(value);
                    return Optional.of(new Resource(group, base(region, "ec2") + "#TargetGroups:search=" + encode(group)));
                }
                case "LoadBalancer": {
                    String balancer = middle(value);
                    return Optional.of(new Resource(balancer, base(region, "ec2") + "#LoadBalancers:search=" + encode(balancer)));
                }
                case "FileSystemId":
                    return Optional.of(new Resource(value, base(region, "efs") + "#/file-systems/" + encode(value)));
                default:
                    return Optional.of(new Resource(value, base(region, "ec2") + "#InstanceDetails:instanceId=" + encode(value)));
            }
        }
        return Optional.empty();
    }

    private static String base(String region, String service) {
        return "https://" + region + ".console.aws.amazon.com/" + service + "/home?region=" + region;
    }

    /** {@code targetgroup/Buddy-LoadBalance-TargetGroup/0123...} -> {@code Buddy-LoadBalance-TargetGroup}. */
    private static String middle(String arnSuffix) {
        String[] parts = arnSuffix.split("/");
        return parts.length >= 2 ? parts[1] : arnSuffix;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
