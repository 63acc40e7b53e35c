package link.buddyverse.ops.efs.action;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.efs.FileSystemMemory;
import link.buddyverse.ops.efs.GuardMemory;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.kit.apply.Declined;

@Singleton
public class MarkIoLimitEpisodeExecutor implements ActionExecutor<MarkIoLimitEpisode> {

    private final FileSystemMemory memory;
    private final Clock clock;

    public MarkIoLimitEpisodeExecutor(FileSystemMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public Class<MarkIoLimitEpisode> actionType() {
        return MarkIoLimitEpisode.class;
    }

    /** Only the state table, whose calls the kit's FunctionMemory declares. */
    @Override
    public List<String> iamActions() {
        return List.of();
    }

    /** the episode lives in the function memory, whose own compare-and-set update refuses a mark already made (Declined) */
    @Override
    public Current current(MarkIoLimitEpisode action) {
        return Current.notReadable("the episode lives in the function memory, whose own compare-and-set update refuses a mark already made (Declined)");
    }

    @Override
    public void execute(MarkIoLimitEpisode action) {
        Instant now = clock.instant();
        memory.update(action.fileSystemId(), m -> {
            GuardMemory.IoEpisode episode = m.ioEpisode();
            if (episode == null || (episode.endedAt() == null) == action.open()) {
                throw new Declined(action.open() ? "the IO-limit episode is already open" : "no IO-limit episode is open");
            }
            return m.withIoEpisode(new GuardMemory.IoEpisode(episode.startedAt(), episode.reportedAt(),
                    action.open() ? null : now));
        }, now);
    }
}
