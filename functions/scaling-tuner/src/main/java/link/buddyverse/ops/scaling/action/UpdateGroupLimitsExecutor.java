package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.scaling.MaxSizeMemory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * Raises MaxSize (when pinned) or restores its baseline. A raise is remembered before it is made (write-ahead, the
 * kit's FunctionMemory, compare-and-set), so a scale-in restores the baseline only from a MaxSize this function set:
 * one a person set is left alone.
 */
@Singleton
public class UpdateGroupLimitsExecutor implements ActionExecutor<UpdateGroupLimits> {

    private final AutoScalingClient autoScaling;
    private final MaxSizeMemory memory;

    public UpdateGroupLimitsExecutor(AutoScalingClient autoScaling, MaxSizeMemory memory) {
        this.autoScaling = autoScaling;
        this.memory = memory;
    }

    @Override
    public Class<UpdateGroupLimits> actionType() {
        return UpdateGroupLimits.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:UpdateAutoScalingGroup", GroupReader.IAM_ACTION);
    }

    @Override
    public Current current(UpdateGroupLimits action) {
        return GroupReader.group(autoScaling, action.groupName())
                .map(group -> Current.compare("MaxSize " + group.maxSize(), action.before(), action.after()))
                .orElseGet(() -> new Current.Other("no group named " + action.groupName()));
    }

    @Override
    public void execute(UpdateGroupLimits action) {
        boolean raise = action.toMaxSize() > action.fromMaxSize();
        if (raise) {
            memory.rememberRaise(action.groupName(), action.toMaxSize());
        }
        autoScaling.updateAutoScalingGroup(b -> b.autoScalingGroupName(action.groupName()).maxSize(action.toMaxSize()));
        if (!raise) {
            memory.forgetRaises(action.groupName());
        }
    }
}
