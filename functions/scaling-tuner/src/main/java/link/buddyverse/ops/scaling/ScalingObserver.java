package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.alarm.FiringAlarms;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.aws.LazyClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Reads what the planner needs from AWS (describe calls only): the group, its targets, the alarms in ALARM. */
@Singleton
public class ScalingObserver implements CallsAws {

    private final AutoScalingClient autoScaling;
    // Only the unhealthy-hosts alarm reads target health: built on that path's first use.
    private final LazyClient<ElasticLoadBalancingV2Client> loadBalancing;
    // Only the schedule's re-check asks CloudWatch: built on that path's first use.
    private final LazyClient<CloudWatchClient> cloudWatch;

    public ScalingObserver(AutoScalingClient autoScaling, LazyClient<ElasticLoadBalancingV2Client> loadBalancing,
                           LazyClient<CloudWatchClient> cloudWatch) {
        this.autoScaling = autoScaling;
        this.loadBalancing = loadBalancing;
        this.cloudWatch = cloudWatch;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:DescribeAutoScalingGroups", "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetHealth", FiringAlarms.IAM_ACTION);
    }

    public Optional<GroupState> group(String name) {
        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
                .autoScalingGroups();
        return groups.stream().findFirst().map(group -> new GroupState(group.autoScalingGroupName(), group.minSize(),
                group.maxSize(), group.desiredCapacity(),
                group.instances().stream().map(i -> new GroupState.Member(i.instanceId(), i.lifecycleStateAsString(),
                        i.healthStatus())).toList()));
    }

    /** Instance id to the target group's health state (healthy, unhealthy, initial, draining...). */
    public Optional<Map<String, String>> targetHealth(String targetGroupName) {
        String arn;
        try {
            arn = loadBalancing.get().describeTargetGroups(b -> b.names(targetGroupName)).targetGroups().get(0).targetGroupArn();
        } catch (TargetGroupNotFoundException | IndexOutOfBoundsException missing) {
            return Optional.empty();
        }
        Map<String, String> health = new HashMap<>();
        for (TargetHealthDescription target : loadBalancing.get().describeTargetHealth(b -> b.targetGroupArn(arn))
                .targetHealthDescriptions()) {
            health.put(target.target().id(), target.targetHealth().stateAsString());
        }
        return Optional.of(health);
    }

    /** The alarm's state as CloudWatch reports it now; empty when CloudWatch has no such alarm. */
    public Optional<String> alarmState(String alarmName) {
        return cloudWatch.get().describeAlarms(b -> b.alarmNames(alarmName)).metricAlarms().stream()
                .filter(alarm -> alarmName.equals(alarm.alarmName())).findFirst().map(alarm -> alarm.stateValueAsString());
    }

    /** Those of the given alarms CloudWatch reports in ALARM now. */
    public List<String> alarmsInAlarm(List<String> alarmNames) {
        return FiringAlarms.of(cloudWatch.get(), alarmNames);
    }
}
