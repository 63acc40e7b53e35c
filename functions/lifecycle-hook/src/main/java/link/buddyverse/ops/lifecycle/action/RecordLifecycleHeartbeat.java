package link.buddyverse.ops.lifecycle.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Restarts the hook's heartbeat timeout so the wait outlives the next re-check. Locked per chain round
 * ({@code round}), not per wait: the answer's lock must stay free for the answer.
 */
@Serdeable
public record RecordLifecycleHeartbeat(String groupName, String hookName, String instanceId, String token, String round,
                                       int heartbeatTimeoutSeconds, String reason) implements Action {

    @Override
    public String resource() {
        return "heartbeat:" + round;
    }

    @Override
    public String target() {
        return instanceId;
    }

    @Override
    public String before() {
        return hookName + " timeout running out";
    }

    @Override
    public String after() {
        return hookName + " timeout restarted (" + heartbeatTimeoutSeconds + " s)";
    }

    @Override
    public Optional<String> boundsViolation() {
        return instanceId == null || instanceId.isBlank() ? Optional.of("no instance to record a heartbeat for") : Optional.empty();
    }
}
