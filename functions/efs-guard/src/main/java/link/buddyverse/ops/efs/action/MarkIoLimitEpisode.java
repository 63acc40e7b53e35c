package link.buddyverse.ops.efs.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Ends the reported IO-limit episode when its alarm is back to OK ({@code open} false), or resumes it when the alarm
 * fires again within the quiet time ({@code open} true): a flapping alarm stays one episode, reported once; an ALARM
 * after the quiet time is a new episode.
 */
@Serdeable
public record MarkIoLimitEpisode(String fileSystemId, String alarmName, boolean open, String reason) implements Action {

    @Override
    public String resource() {
        return ReportIoLimitEpisode.resourceOf(fileSystemId);
    }

    @Override
    public String target() {
        return fileSystemId;
    }

    @Override
    public String before() {
        return open ? "IO limit episode ended" : "IO limit episode open";
    }

    @Override
    public String after() {
        return open ? "IO limit episode resumed" : "IO limit episode ended";
    }

    @Override
    public Optional<String> boundsViolation() {
        return Optional.empty();
    }
}
