package link.buddyverse.ops.incident.store;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.incident.lifecycle.Incident;

/**
 * The writes of one lifecycle transition: the incident over the record it was decided from, its notices, its
 * storm's changes, and the resource pointer when it opened on a resource.
 */
public record Commit(@Nullable IncidentRecord previous, Incident next, List<OutboxNotice> notices,
                     @Nullable StormEffect storm, @Nullable String pointerResource, Instant now) {

    public Commit {
        notices = List.copyOf(notices);
    }
}
