package link.buddyverse.ops.lifecycle.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Answers an instance's wait at a hook: CONTINUE (it serves, or it has drained) or ABANDON (it never will serve:
 * the group replaces it). By token when the event gave one, else by instance id (a wait the sweep found).
 *
 * @param answerKey the lock it is applied under: the token (or instance/hook), so every chain, event and sweep
 *                  that might answer this one wait competes for the same lock and at most one answers
 */
@Serdeable
public record CompleteLifecycleAction(String groupName, String hookName, String instanceId, String token, String result,
                                      String answerKey, String reason) implements Action {

    @Override
    public String resource() {
        return "lifecycle:" + answerKey;
    }

    @Override
    public String target() {
        return instanceId;
    }

    @Override
    public String before() {
        return hookName + " waiting";
    }

    @Override
    public String after() {
        return result;
    }

    @Override
    public Optional<String> boundsViolation() {
        if (!"CONTINUE".equals(result) && !"ABANDON".equals(result)) {
            return Optional.of("a lifecycle action is answered CONTINUE or ABANDON, not " + result);
        }
        if (instanceId == null || instanceId.isBlank()) {
            return Optional.of("no instance to answer for");
        }
        return Optional.empty();
    }
}
