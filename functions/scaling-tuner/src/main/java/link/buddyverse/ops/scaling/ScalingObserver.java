package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.aws.LazyClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
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
                "elasticloadbalancing:DescribeTargetHealth", "cloudwatch:DescribeAlarms");
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

    /**
     * Those of the given alarms that CloudWatch reports in ALARM now: an alarm already firing when the stack was
     * deployed is acted on at the next tick, not at its next change.
     */
    public List<String> alarmsInAlarm(List<String> alarmNames) {
        if (alarmNames.isEmpty()) {
            return List.of();
        }
        // DescribeAlarms takes at most 100 names; a group has three managed alarms. The state is checked on each
        // alarm too: moto (5.2) applies only the first of AlarmNames and StateValue.
        return cloudWatch.get().describeAlarmsPaginator(b -> b.alarmNames(alarmNames).stateValue(StateValue.ALARM)
                        .alarmTypes(AlarmType.METRIC_ALARM))
                .metricAlarms().stream().filter(alarm -> alarm.stateValue() == StateValue.ALARM)
                .map(MetricAlarm::alarmName).toList();
    }
}
