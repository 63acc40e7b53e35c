package link.buddyverse.ops.scaling.action;

import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** The group as it is now, for the executors' compare-and-set (the same describe call the observer makes). */
final class GroupReader {

    static final String IAM_ACTION = "autoscaling:DescribeAutoScalingGroups";

    private GroupReader() {
    }

    static Optional<AutoScalingGroup> group(AutoScalingClient autoScaling, String name) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups().stream().findFirst();
    }
}
