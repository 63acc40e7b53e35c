package link.buddyverse.ops.efs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;

/**
 * What EfsGuardFunction remembers about one file system between invocations (the kit's FunctionMemory, one record
 * per file system): its last throughput change, AWS's own word on when the next one is allowed, and the IO-limit
 * episode under way.
 *
 * @param lastChange the last throughput mode change this function made (or found made), if any
 * @param notBefore  when AWS said the next mode change is allowed (from its 429 "Wait until ..."), if it refused one
 * @param ioEpisode  the IO-limit episode under way or last ended, if any
 */
@Serdeable
public record GuardMemory(@Nullable ThroughputChange lastChange, @Nullable Instant notBefore, @Nullable IoEpisode ioEpisode) {

    /**
     * EFS allows one throughput mode change (or provisioned decrease) in 24 hours (EFS User Guide, "Managing file
     * system throughput"; re:Post "efs-max-throughput-mode-changes"). The current guide words the restriction as
     * starting from a switch to Provisioned; AWS's error and its knowledge-center article apply it to any mode change.
     * The stricter reading is used: waiting costs at most a day of elastic pricing, a refusal costs nothing either.
     */
    public static final Duration MODE_CHANGE_INTERVAL = Duration.ofHours(24);

    public static final GuardMemory NOTHING = new GuardMemory(null, null, null);

    /** A throughput mode change: from, to, when. */
    @Serdeable
    public record ThroughputChange(String from, String to, Instant at) {
    }

    /** An IO-limit episode: when it started, when it was reported (once), when its alarm went back to OK. */
    @Serdeable
    public record IoEpisode(Instant startedAt, @Nullable Instant reportedAt, @Nullable Instant endedAt) {

        /** Still the same episode at {@code now}: open, or ended less than {@code quiet} ago. */
        public boolean continuesAt(Instant now, Duration quiet) {
            return endedAt == null || now.isBefore(endedAt.plus(quiet));
        }
    }

    /** When the next throughput mode change is allowed, by our own record and by AWS's last word. */
    public Instant nextModeChangeAllowed() {
        Instant byRecord = lastChange == null ? Instant.EPOCH : lastChange.at().plus(MODE_CHANGE_INTERVAL);
        return notBefore != null && notBefore.isAfter(byRecord) ? notBefore : byRecord;
    }

    public GuardMemory withLastChange(ThroughputChange change) {
        return new GuardMemory(change, null, ioEpisode);
    }

    public GuardMemory withNotBefore(Instant allowed) {
        return new GuardMemory(lastChange, allowed, ioEpisode);
    }

    public GuardMemory withIoEpisode(IoEpisode episode) {
        return new GuardMemory(lastChange, notBefore, episode);
    }
}
