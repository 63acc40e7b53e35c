package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
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
        return List.of("autoscaling:SetDesiredCapacity", GroupReader.IAM_ACTION);
    }

    @Override
    public void execute(SetDesiredCapacity action) {
        // Our own cooldown lock already spaces changes; the group's cooldown would silently drop this one.
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(action.groupName())
                .desiredCapacity(action.to()).honorCooldown(false));
    }

    /**
     * Desired capacity, read with the bounds the plan was made within: the same desired capacity under a MaxSize that
     * moved (another event restored it) is not the state the plan was made from.
     */
    @Override
    public Current current(SetDesiredCapacity action) {
        return GroupReader.group(autoScaling, action.groupName()).map(group -> {
            if (group.desiredCapacity() == action.to()) {
                return (Current) new Current.After(Integer.toString(group.desiredCapacity()));
            }
            if (group.desiredCapacity() == action.from() && group.minSize() == action.minSize()
                    && group.maxSize() == action.maxSize()) {
                return new Current.Before(Integer.toString(group.desiredCapacity()));
            }
            return new Current.Other(group.desiredCapacity() + " (MinSize " + group.minSize() + ", MaxSize " + group.maxSize()
                    + "; planned within [" + action.minSize() + ", " + action.maxSize() + "])");
        }).orElseGet(() -> new Current.Other("no group named " + action.groupName()));
    }
}
