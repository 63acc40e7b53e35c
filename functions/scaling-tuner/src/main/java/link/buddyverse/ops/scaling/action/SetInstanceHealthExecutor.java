package link.buddyverse.ops.scaling.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
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
        return List.of("autoscaling:SetInstanceHealth");
    }

    @Override
    public void execute(SetInstanceHealth action) {
        autoScaling.setInstanceHealth(b -> b.instanceId(action.instanceId()).healthStatus("Unhealthy")
                .shouldRespectGracePeriod(true));
    }
}
