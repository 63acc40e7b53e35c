package link.buddyverse.ops.lifecycle.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

@Singleton
public class CompleteLifecycleActionExecutor implements ActionExecutor<CompleteLifecycleAction> {

    private final AutoScalingClient autoScaling;

    public CompleteLifecycleActionExecutor(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public Class<CompleteLifecycleAction> actionType() {
        return CompleteLifecycleAction.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:CompleteLifecycleAction");
    }

    /** AWS keeps no readable answer of a lifecycle action: a second answer is refused (No active Lifecycle Action), which is Declined */
    @Override
    public Current current(CompleteLifecycleAction action) {
        return Current.notReadable("AWS keeps no readable answer of a lifecycle action: a second answer is refused (No active Lifecycle Action), which is Declined");
    }

    @Override
    public void execute(CompleteLifecycleAction action) {
        try {
            autoScaling.completeLifecycleAction(b -> {
                b.autoScalingGroupName(action.groupName()).lifecycleHookName(action.hookName())
                        .lifecycleActionResult(action.result());
                if (action.token() == null || action.token().isEmpty()) {
                    b.instanceId(action.instanceId());
                } else {
                    b.lifecycleActionToken(action.token());
                }
            });
        } catch (AutoScalingException e) {
            throw NoActiveLifecycleAction.orRethrow(e, action.instanceId(), action.hookName());
        }
    }
}
