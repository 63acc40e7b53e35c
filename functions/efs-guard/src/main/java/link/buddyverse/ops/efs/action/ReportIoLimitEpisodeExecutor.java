package link.buddyverse.ops.efs.action;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.efs.EfsGuardSettings;
import link.buddyverse.ops.efs.FileSystemMemory;
import link.buddyverse.ops.efs.GuardMemory;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.kit.apply.Declined;

/**
 * Marks the episode reported, compare-and-set: of two deliveries planning the same report (a re-fire, a
 * duplicate under another id), the one that finds it already reported is {@link Declined}, so one event is told.
 */
@Singleton
public class ReportIoLimitEpisodeExecutor implements ActionExecutor<ReportIoLimitEpisode> {

    private final FileSystemMemory memory;
    private final Clock clock;
    private final Duration quiet;

    public ReportIoLimitEpisodeExecutor(FileSystemMemory memory, Clock clock, EfsGuardSettings settings) {
        this.memory = memory;
        this.clock = clock;
        this.quiet = Duration.ofMinutes(settings.ioQuietMinutes());
    }

    @Override
    public Class<ReportIoLimitEpisode> actionType() {
        return ReportIoLimitEpisode.class;
    }

    /** Only the state table (the kit's FunctionMemory declares its calls); the Ops Action event is the teller's. */
    @Override
    public List<String> iamActions() {
        return List.of();
    }

    /** a report is no AWS state; the function memory records it compare-and-set and declines a second report of the episode */
    @Override
    public Current current(ReportIoLimitEpisode action) {
        return Current.notReadable("a report is no AWS state; the function memory records it compare-and-set and declines a second report of the episode");
    }

    @Override
    public void execute(ReportIoLimitEpisode action) {
        Instant now = clock.instant();
        memory.update(action.fileSystemId(), m -> {
            GuardMemory.IoEpisode episode = m.ioEpisode();
            if (episode != null && episode.reportedAt() != null && episode.continuesAt(now, quiet)) {
                throw new Declined("this IO-limit episode (since " + episode.startedAt() + ") was already reported at "
                        + episode.reportedAt());
            }
            return m.withIoEpisode(new GuardMemory.IoEpisode(action.episodeStartedAt(), now, null));
        }, now);
    }
}
