package link.buddyverse.ops.efs.action;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.efs.FileSystemMemory;
import link.buddyverse.ops.efs.GuardMemory;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.kit.apply.Declined;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.TooManyRequestsException;

/**
 * UpdateFileSystem with the new throughput mode, then the change remembered (what the 24-hour rule is counted
 * from). AWS's refusal within the 24 hours (429 TooManyRequests, "Wait until <time> UTC") is remembered and
 * {@link Declined} with that time: not a failure, and the event is not retried into the same refusal.
 */
@Singleton
public class SetThroughputModeExecutor implements ActionExecutor<SetThroughputMode> {

    private static final Pattern WAIT_UNTIL = Pattern.compile("Wait until (\\S+?)Z? UTC");

    private final EfsClient efs;
    private final FileSystemMemory memory;
    private final Clock clock;

    public SetThroughputModeExecutor(EfsClient efs, FileSystemMemory memory, Clock clock) {
        this.efs = efs;
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public Class<SetThroughputMode> actionType() {
        return SetThroughputMode.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("elasticfilesystem:UpdateFileSystem", "elasticfilesystem:DescribeFileSystems");
    }

    @Override
    public Current current(SetThroughputMode action) {
        return Current.compare(efs.describeFileSystems(b -> b.fileSystemId(action.fileSystemId())).fileSystems().get(0)
                .throughputModeAsString(), action.from(), action.to());
    }

    @Override
    public void execute(SetThroughputMode action) {
        // Absolute target: an attempt whose change went through but whose answer (or memory write) was lost finds the
        // mode already set, and only remembers it, counting the 24 hours from now (later than the truth, never earlier).
        String current = efs.describeFileSystems(b -> b.fileSystemId(action.fileSystemId())).fileSystems().get(0)
                .throughputModeAsString();
        if (!action.to().equals(current)) {
            try {
                efs.updateFileSystem(b -> b.fileSystemId(action.fileSystemId()).throughputMode(action.to()));
            } catch (TooManyRequestsException refused) {
                Optional<Instant> allowed = allowedFrom(refused.getMessage());
                allowed.ifPresent(at -> memory.update(action.fileSystemId(), m -> m.withNotBefore(at), clock.instant()));
                throw new Declined("AWS allows one throughput mode change of " + action.fileSystemId()
                        + " in 24 hours: " + refused.awsErrorDetails().errorMessage(), allowed.orElse(null));
            }
        }
        Instant now = clock.instant();
        memory.update(action.fileSystemId(), m -> m.lastChange() != null && action.to().equals(m.lastChange().to())
                && !m.lastChange().at().isBefore(now.minus(GuardMemory.MODE_CHANGE_INTERVAL))
                ? m : m.withLastChange(new GuardMemory.ThroughputChange(action.from(), action.to(), now)), now);
    }

    /** The time in EFS's "... Wait until 2026-01-02T10:00:00Z UTC and try again." */
    static Optional<Instant> allowedFrom(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = WAIT_UNTIL.matcher(message);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String text = matcher.group(1);
        try {
            return Optional.of(Instant.parse(text.endsWith("Z") ? text : text + "Z"));
        } catch (DateTimeParseException unexpected) {
            return Optional.empty();
        }
    }
}
