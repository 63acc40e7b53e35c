package link.buddyverse.ops.efs.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Switches a file system's throughput mode between bursting and elastic (UpdateFileSystem). Provisioned is never a
 * target: it bills for throughput whether used or not, and choosing its amount is the owners' call.
 */
@Serdeable
public record SetThroughputMode(String fileSystemId, String from, String to, String reason) implements Action {

    private static final Set<String> TARGETS = Set.of("bursting", "elastic");

    @Override
    public String resource() {
        return fileSystemId;
    }

    @Override
    public String before() {
        return from;
    }

    @Override
    public String after() {
        return to;
    }

    @Override
    public Optional<String> boundsViolation() {
        if (!TARGETS.contains(to)) {
            return Optional.of("throughput mode '" + to + "' is not one this function sets (bursting, elastic)");
        }
        if (to.equals(from)) {
            return Optional.of("the file system is already in " + to + " mode");
        }
        return Optional.empty();
    }
}
