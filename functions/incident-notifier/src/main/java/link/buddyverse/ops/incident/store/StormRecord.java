package link.buddyverse.ops.incident.store;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A storm: incidents that opened together, told in one roll-up message. Stored in its own
 * {@code incident#storm:<minute>} item and only ever changed by commutative updates (members and pending
 * notices are sets, versions are counters), so forty incidents joining at once never conflict.
 *
 * @param refreshVersion counts the changes the roll-up message must show; the message notice is removed
 *                       only when delivery showed the latest one
 * @param postAfter      a webhook cannot update the roll-up, so it posts once the storm's minute is over
 */
public record StormRecord(String key, String window, Instant openedAt, Set<String> members, SortedSet<String> pending,
                          long refreshVersion, @Nullable String channel, @Nullable String ts, boolean openPosted,
                          boolean resolvedPosted, Instant postAfter) {

    public static final String MESSAGE = "message";

    public StormRecord {
        members = Set.copyOf(members);
        pending = new TreeSet<>(pending);
    }
}
