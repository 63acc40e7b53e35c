package link.buddyverse.ops.cli.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** The web tier as the sandbox reports it now: the group and what its target group says of each target. */
final class WebTier {

    /** One instance of the group. */
    record Member(String id, String lifecycle, String health) {
        boolean inService() {
            return "InService".equals(lifecycle);
        }
    }

    /** The group at one moment. */
    record Group(int desired, int min, int max, List<Member> instances) {
        int inService() {
            return (int) instances.stream().filter(Member::inService).count();
        }

        List<String> ids() {
            return instances.stream().map(Member::id).toList();
        }

        String describe() {
            return "desired " + desired + ", in service " + inService() + ", max " + max;
        }
    }

    private final SandboxClients aws;
    private final String groupName;
    private final String targetGroupName;

    WebTier(SandboxClients aws, String groupName, String targetGroupName) {
        this.aws = aws;
        this.groupName = groupName;
        this.targetGroupName = targetGroupName;
    }

    String groupName() {
        return groupName;
    }

    Group group() {
        AutoScalingGroup group = aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups().get(0);
        return new Group(group.desiredCapacity(), group.minSize(), group.maxSize(), group.instances().stream()
                .map(i -> new Member(i.instanceId(), i.lifecycleStateAsString(), i.healthStatus())).toList());
    }

    String targetGroupArn() {
        return aws.loadBalancing().describeTargetGroups(b -> b.names(targetGroupName)).targetGroups().get(0).targetGroupArn();
    }

    /** Target id to its state (healthy, unhealthy, draining, unused...), as DescribeTargetHealth says through the sandbox. */
    Map<String, String> targetHealth() {
        String arn = targetGroupArn();
        Map<String, String> health = new LinkedHashMap<>();
        aws.loadBalancing().describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions()
                .forEach(t -> health.put(t.target().id(), t.targetHealth().stateAsString()));
        return health;
    }
}
