package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

@Singleton
public class UpdateGroupLimitsExecutor implements ActionExecutor<UpdateGroupLimits> {

    private final AutoScalingClient autoScaling;

    public UpdateGroupLimitsExecutor(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public Class<UpdateGroupLimits> actionType() {
        return UpdateGroupLimits.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:UpdateAutoScalingGroup");
    }

    @Override
    public void execute(UpdateGroupLimits action) {
        autoScaling.updateAutoScalingGroup(b -> b.autoScalingGroupName(action.groupName()).maxSize(action.toMaxSize()));
    }
}
