package link.buddyverse.ops.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;
import link.buddyverse.ops.incident.delivery.DeliveryReport;
import link.buddyverse.ops.incident.lifecycle.Incident;

/**
 * What IncidentNotifierFunction reports in its {@code OpsResult.detail}: the incident after the event, what
 * happened to it, and what delivery did. Never a Slack credential: errors from Slack are redacted before they
 * get here. A duplicate's stored result comes back through JSON, so its detail is then a map of these fields.
 *
 * @param change what happened to the incident: opened, reopened, action-recorded, updated, noted, resolved,
 *               repeat, ignored, already-applied; null for a schedule tick
 */
// Every field always present (nulls): a stable shape for readers of results.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record NotifierDetail(@Nullable IncidentView incident, @Nullable String change, DeliveryReport delivery) {

    /** The incident after the event. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    public record IncidentView(String key, String kind, String status, String severity, String title,
                               @Nullable String storm, int actions, int reopenCount, String openedAt,
                               @Nullable String resolvedAt) {

        static IncidentView of(Incident incident) {
            return new IncidentView(incident.key(), incident.kind().name().toLowerCase(Locale.ROOT),
                    incident.status().name().toLowerCase(Locale.ROOT),
                    incident.severity().name().toLowerCase(Locale.ROOT), incident.title(), incident.storm(),
                    incident.actions().size(), incident.reopenCount(), incident.openedAt().toString(),
                    incident.resolvedAt() == null ? null : incident.resolvedAt().toString());
        }
    }

    static NotifierDetail of(@Nullable Incident incident, @Nullable String change, DeliveryReport delivery) {
        return new NotifierDetail(incident == null ? null : IncidentView.of(incident), change, delivery);
    }
}
