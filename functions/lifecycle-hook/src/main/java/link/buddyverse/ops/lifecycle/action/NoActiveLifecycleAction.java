package link.buddyverse.ops.lifecycle.action;

import link.buddyverse.ops.kit.apply.Declined;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

/**
 * AWS's refusal of an answer or heartbeat for a wait that is over ("No active Lifecycle Action found with token",
 * a 400 ValidationError): another answer or the hook's timeout finished it. Nothing is left to do, and retrying
 * would loop on the same refusal, so it ends the action as not taken, with a note.
 */
final class NoActiveLifecycleAction {

    private NoActiveLifecycleAction() {
    }

    static RuntimeException orRethrow(AutoScalingException e, String instanceId, String hookName) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if (message != null && message.contains("No active Lifecycle Action found")) {
            return new Declined("the wait of " + instanceId + " at " + hookName + " is already over (AWS: " + message
                    + "): answered elsewhere or ended by the hook's timeout; nothing left to do", e);
        }
        return e;
    }
}
