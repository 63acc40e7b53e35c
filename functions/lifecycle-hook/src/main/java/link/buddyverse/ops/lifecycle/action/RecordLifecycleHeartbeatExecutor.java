package link.buddyverse.ops.lifecycle.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

@Singleton
public class RecordLifecycleHeartbeatExecutor implements ActionExecutor<RecordLifecycleHeartbeat> {

    private final AutoScalingClient autoScaling;

    public RecordLifecycleHeartbeatExecutor(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public Class<RecordLifecycleHeartbeat> actionType() {
        return RecordLifecycleHeartbeat.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:RecordLifecycleActionHeartbeat");
    }

    /** a heartbeat only restarts the hook timeout: sending it again is harmless, and one on a finished wait is Declined */
    @Override
    public Current current(RecordLifecycleHeartbeat action) {
        return Current.notReadable("a heartbeat only restarts the hook timeout: sending it again is harmless, and one on a finished wait is Declined");
    }

    @Override
    public void execute(RecordLifecycleHeartbeat action) {
        try {
            autoScaling.recordLifecycleActionHeartbeat(b -> {
                b.autoScalingGroupName(action.groupName()).lifecycleHookName(action.hookName());
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
