package link.buddyverse.ops.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One thing the automation did (or planned, or refused) about an incident, from a {@code buddyverse.ops}
 * "Ops Action" event: the incident message's "actions taken" section lists these.
 *
 * @param status {@code applied}, {@code dry-run}, {@code skipped} or {@code failed}
 */
@Serdeable
public record ActionEntry(String function, String action, String target, @Nullable String before,
                          @Nullable String after, String status, @Nullable String detail, @Nullable String reason,
                          Instant at) {
}
