package link.buddyverse.ops.kit.testing;

import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** The Buddyverse web tier's Auto Scaling group, created in moto the way the owners configured it. */
public final class BuddyWebTier {

    public static final String GROUP = "Buddy-AutoScaling-Group";

    private BuddyWebTier() {
    }

    public static void create(AutoScalingClient autoScaling, int min, int desired, int max) {
        autoScaling.createLaunchConfiguration(b -> b.launchConfigurationName("Buddy-Web")
                .imageId("ami-0a1b2c3d4e5f67890").instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).launchConfigurationName("Buddy-Web")
                .minSize(min).desiredCapacity(desired).maxSize(max)
                .availabilityZones("ap-northeast-2a", "ap-northeast-2c")
                .healthCheckType("ELB").healthCheckGracePeriod(300));
    }

    public static AutoScalingGroup describe(AutoScalingClient autoScaling) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }
}
