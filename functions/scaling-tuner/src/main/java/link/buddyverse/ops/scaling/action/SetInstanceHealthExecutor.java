package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

@Singleton
public class SetInstanceHealthExecutor implements ActionExecutor<SetInstanceHealth> {

    private final AutoScalingClient autoScaling;

    public SetInstanceHealthExecutor(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public Class<SetInstanceHealth> actionType() {
        return SetInstanceHealth.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:SetInstanceHealth", GroupReader.IAM_ACTION);
    }

    @Override
    public void execute(SetInstanceHealth action) {
        autoScaling.setInstanceHealth(b -> b.instanceId(action.instanceId()).healthStatus("Unhealthy")
                .shouldRespectGracePeriod(true));
    }

    /** The instance's health as its group sees it; an instance no longer in the group was replaced already. */
    @Override
    public Current current(SetInstanceHealth action) {
        return GroupReader.group(autoScaling, action.groupName())
                .flatMap(group -> group.instances().stream().filter(i -> i.instanceId().equals(action.instanceId())).findFirst())
                .map(instance -> Current.compare(instance.healthStatus(), action.before(), action.after()))
                .orElseGet(() -> new Current.Other(action.instanceId() + " is no longer in " + action.groupName()));
    }
}
