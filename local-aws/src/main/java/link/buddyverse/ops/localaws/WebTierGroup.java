package link.buddyverse.ops.localaws;

import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * The Buddyverse web tier's Auto Scaling group, created in moto the way the owners configured it (launch
 * configuration Buddy-Web, two zones of ap-northeast-2, ELB health checks with a 300 s grace period): the one fixture
 * the kit's tests ({@code BuddyWebTier}), ops-cli's tests and the bench's stage create it with.
 */
public final class WebTierGroup {

    public static final String GROUP = "Buddy-AutoScaling-Group";
    public static final String LAUNCH_CONFIGURATION = "Buddy-Web";

    private WebTierGroup() {
    }

    public static void create(AutoScalingClient autoScaling, int min, int desired, int max) {
        autoScaling.createLaunchConfiguration(b -> b.launchConfigurationName(LAUNCH_CONFIGURATION)
                .imageId("ami-0a1b2c3d4e5f67890").instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).launchConfigurationName(LAUNCH_CONFIGURATION)
                .minSize(min).desiredCapacity(desired).maxSize(max)
                .availabilityZones("ap-northeast-2a", "ap-northeast-2c")
                .healthCheckType("ELB").healthCheckGracePeriod(300));
    }

    public static AutoScalingGroup describe(AutoScalingClient autoScaling) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }
}
