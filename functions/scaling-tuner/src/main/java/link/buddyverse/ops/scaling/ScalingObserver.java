package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.AlarmStates;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Reads what the planner needs: the group and its targets from AWS (describe calls only), alarm states from our table. */
@Singleton
public class ScalingObserver {

    private final AutoScalingClient autoScaling;
    // Only the unhealthy-hosts alarm reads target health, so this client is built on that path's first use and
    // kept for the container's life. Not a bean: micronaut-function-aws initialises singletons eagerly, which
    // cost every cold start 269 classes for a client the scale-out path never calls (measured by ./ops bench).
    private final AwsClients clients;
    private volatile ElasticLoadBalancingV2Client loadBalancing;
    private final AlarmStates alarmStates;

    public ScalingObserver(AutoScalingClient autoScaling, AwsClients clients, AlarmStates alarmStates) {
        this.autoScaling = autoScaling;
        this.clients = clients;
        this.alarmStates = alarmStates;
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
            arn = loadBalancing().describeTargetGroups(b -> b.names(targetGroupName)).targetGroups().get(0).targetGroupArn();
        } catch (TargetGroupNotFoundException | IndexOutOfBoundsException missing) {
            return Optional.empty();
        }
        Map<String, String> health = new HashMap<>();
        for (TargetHealthDescription target : loadBalancing().describeTargetHealth(b -> b.targetGroupArn(arn))
                .targetHealthDescriptions()) {
            health.put(target.target().id(), target.targetHealth().stateAsString());
        }
        return Optional.of(health);
    }

    private ElasticLoadBalancingV2Client loadBalancing() {
        ElasticLoadBalancingV2Client client = loadBalancing;
        if (client == null) {
            synchronized (this) {
                if (loadBalancing == null) {
                    loadBalancing = clients.build(ElasticLoadBalancingV2Client.builder());
                }
                client = loadBalancing;
            }
        }
        return client;
    }

    /** Those of the given alarms whose last reported state is ALARM. */
    public List<String> alarmsInAlarm(List<String> alarmNames) {
        return alarmStates.inAlarm(alarmNames);
    }
}
