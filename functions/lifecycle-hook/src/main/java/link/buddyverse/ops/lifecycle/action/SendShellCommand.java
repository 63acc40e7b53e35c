package link.buddyverse.ops.lifecycle.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Runs a shell script on one instance through SSM Run Command (AWS-RunShellScript) without waiting for it: the
 * readiness check of a launching instance, or the flush of a drained one. The next round reads its result by
 * {@code key} (see {@code SentCommands}).
 *
 * @param purpose {@code check} or {@code flush}
 */
@Serdeable
public record SendShellCommand(String instanceId, String purpose, String key, List<String> commands,
                               int executionTimeoutSeconds, String reason) implements Action {

    /** SSM's limits on an AWS-RunShellScript execution timeout. */
    public static final int MIN_TIMEOUT = 1;
    public static final int MAX_TIMEOUT = 172_800;

    public SendShellCommand {
        commands = List.copyOf(commands);
    }

    @Override
    public String resource() {
        return "ssm:" + key;
    }

    @Override
    public String target() {
        return instanceId;
    }

    @Override
    public String before() {
        return "no " + purpose + " running";
    }

    @Override
    public String after() {
        return purpose + " sent (AWS-RunShellScript)";
    }

    @Override
    public Optional<String> boundsViolation() {
        if (commands.isEmpty()) {
            return Optional.of("no command to send");
        }
        if (executionTimeoutSeconds < MIN_TIMEOUT || executionTimeoutSeconds > MAX_TIMEOUT) {
            return Optional.of("SSM runs a command for " + MIN_TIMEOUT + " to " + MAX_TIMEOUT + " s, not " + executionTimeoutSeconds);
        }
        return Optional.empty();
    }
}
