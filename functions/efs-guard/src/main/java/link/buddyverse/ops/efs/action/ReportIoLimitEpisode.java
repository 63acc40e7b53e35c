package link.buddyverse.ops.efs.action;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Reports an IO-limit episode once: nothing can change in place (a file system's performance mode is fixed at
 * creation), so the action is the report itself. Applying it records the episode as reported in the function's
 * memory; the kit's teller then raises the Ops Action event carrying the evidence and the recommendation.
 *
 * @param evidence       PercentIOLimit's recent values, as read
 * @param recommendation what the owners can do about it
 */
@Serdeable
public record ReportIoLimitEpisode(String fileSystemId, Instant episodeStartedAt, String alarmName, String evidence,
                                   String recommendation, String reason) implements Action {

    /** IO reports lock their own resource, so they never wait behind a throughput change of the same file system. */
    public static String resourceOf(String fileSystemId) {
        return fileSystemId + "#io-limit";
    }

    @Override
    public String resource() {
        return resourceOf(fileSystemId);
    }

    @Override
    public String target() {
        return fileSystemId;
    }

    @Override
    public String before() {
        return "IO limit episode not reported";
    }

    @Override
    public String after() {
        return "reported: " + evidence + ". " + recommendation;
    }

    @Override
    public Optional<String> boundsViolation() {
        return fileSystemId == null || fileSystemId.isBlank() ? Optional.of("no file system to report on") : Optional.empty();
    }
}
