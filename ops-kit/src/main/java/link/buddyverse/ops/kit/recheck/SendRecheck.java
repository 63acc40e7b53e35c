package link.buddyverse.ops.kit.recheck;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Ask the function to look again later: a message on its own delay queue that comes back as a
 * {@code RecheckMessage} trigger after {@code delaySeconds} (SQS allows at most 900). A re-check is an action
 * like any other, so it is planned, recorded, applied once and told.
 *
 * @param queueUrl the function's re-check queue
 * @param id       deterministic ({@code <origin>/recheck-<attempt>}): sent twice, it still acts once
 */
@Serdeable
public record SendRecheck(String queueUrl, String function, String subject, String id, String origin, int attempt,
                          int delaySeconds, Map<String, String> data, String reason) implements Action {

    public static final int MAX_DELAY_SECONDS = 900;

    public SendRecheck {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** The next re-check of a chain that {@code origin} started. */
    public static SendRecheck next(String queueUrl, String function, String subject, String origin, int attempt,
                                   int delaySeconds, Map<String, String> data, String reason) {
        return new SendRecheck(queueUrl, function, subject, origin + "/recheck-" + attempt, origin, attempt,
                Math.min(Math.max(delaySeconds, 0), MAX_DELAY_SECONDS), data, reason);
    }

    // Locked per re-check, not per subject: a re-check must never be refused by the cooldown of the very
    // change it follows up.
    @Override
    public String resource() {
        return "recheck:" + id;
    }

    @Override
    public String target() {
        return subject;
    }

    @Override
    public String before() {
        return "attempt " + (attempt - 1);
    }

    @Override
    public String after() {
        return "re-check in " + delaySeconds + " s (attempt " + attempt + ")";
    }

    @Override
    public Optional<String> boundsViolation() {
        if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
            return Optional.of("SQS delays a message by 0 to " + MAX_DELAY_SECONDS + " s, not " + delaySeconds);
        }
        return Optional.empty();
    }
}
