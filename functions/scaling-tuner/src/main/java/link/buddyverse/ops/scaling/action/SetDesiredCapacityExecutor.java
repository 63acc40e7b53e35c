package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

@Singleton
public class SetDesiredCapacityExecutor implements ActionExecutor<SetDesiredCapacity> {

    private final AutoScalingClient autoScaling;

    public SetDesiredCapacityExecutor(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public Class<SetDesiredCapacity> actionType() {
        return SetDesiredCapacity.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:SetDesiredCapacity");
    }

    @Override
    public void execute(SetDesiredCapacity action) {
        // Our own cooldown lock already spaces changes; the group's cooldown would silently drop this one.
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(action.groupName())
                .desiredCapacity(action.to()).honorCooldown(false));
    }
}
