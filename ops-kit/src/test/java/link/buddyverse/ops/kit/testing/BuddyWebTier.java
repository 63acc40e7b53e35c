package link.buddyverse.ops.kit.testing;

import link.buddyverse.ops.localaws.WebTierGroup;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * The Buddyverse web tier's Auto Scaling group in moto, for the functions' tests: local-aws's {@link WebTierGroup}
 * (the one fixture, shared with ops-cli and the bench) under the kit's test-support name.
 */
public final class BuddyWebTier {

    public static final String GROUP = WebTierGroup.GROUP;

    private BuddyWebTier() {
    }

    public static void create(AutoScalingClient autoScaling, int min, int desired, int max) {
        WebTierGroup.create(autoScaling, min, desired, max);
    }

    public static AutoScalingGroup describe(AutoScalingClient autoScaling) {
        return WebTierGroup.describe(autoScaling);
    }
}
