package link.buddyverse.ops.incident.store;

import io.micronaut.core.annotation.Nullable;
import java.util.SortedSet;
import link.buddyverse.ops.incident.lifecycle.Incident;
import java.util.TreeSet;

/**
 * An incident as stored: its state, and delivery's side of it (the notices still in the outbox and where its
 * Slack message is). {@code version} guards every write: the lifecycle writes only over the state it read.
 */
public record IncidentRecord(Incident incident, long version, SortedSet<String> pending, @Nullable String channel,
                             @Nullable String ts) {

    public IncidentRecord {
        pending = new TreeSet<>(pending);
    }

    public boolean posted() {
        return ts != null;
    }
}
