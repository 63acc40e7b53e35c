package link.buddyverse.ops.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What IncidentNotifierFunction returns for one event, and what {@code ./ops local invoke} prints. Never a
 * Slack credential: errors from Slack are redacted before they get here.
 *
 * @param status {@code notified} (the change is in Slack), {@code queued} (recorded; its notices wait in the
 *               outbox for Slack), {@code no-action} (nothing to tell: a repeated ALARM, an OK without
 *               incident), {@code delivered} (a schedule tick emptied the outbox), {@code skipped} (not ours),
 *               {@code rejected} (malformed), {@code duplicate} (already handled, or being handled)
 * @param change what happened to the incident: opened, reopened, action-recorded, updated, noted, resolved,
 *               repeat, ignored, already-applied
 */
// Every field always present (empty lists, nulls): a stable shape for readers of results.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record NotifierResult(String function, String status, @Nullable InputView input, @Nullable IncidentView incident,
                             @Nullable String change, DeliveryReport delivery, List<String> notes, @Nullable String reason) {

    public NotifierResult {
        notes = List.copyOf(notes);
    }

    /** The input as results show it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    public record InputView(String eventId, String kind, String subject, @Nullable String state, String time) {

        static InputView of(NotifierInput input) {
            String state = input instanceof AlarmChanged alarm ? alarm.change().state().name()
                    : input instanceof OpsActionTaken action ? action.detail().outcome().status() : null;
            return new InputView(input.eventId(), input.kind(), input.subject(), state, input.time().toString());
        }
    }

    /** The incident after the event. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    public record IncidentView(String key, String kind, String status, String severity, String title,
                               @Nullable String storm, int actions, int reopenCount, String openedAt,
                               @Nullable String resolvedAt) {

        static IncidentView of(Incident incident) {
            return new IncidentView(incident.key(), incident.kind().name().toLowerCase(java.util.Locale.ROOT),
                    incident.status().name().toLowerCase(java.util.Locale.ROOT),
                    incident.severity().name().toLowerCase(java.util.Locale.ROOT), incident.title(), incident.storm(),
                    incident.actions().size(), incident.reopenCount(), incident.openedAt().toString(),
                    incident.resolvedAt() == null ? null : incident.resolvedAt().toString());
        }
    }

    static NotifierResult without(String status, @Nullable InputView input, String reason) {
        return new NotifierResult(IncidentNotifier.NAME, status, input, null, null, DeliveryReport.none(), List.of(), reason);
    }

    static NotifierResult of(InputView input, IncidentNotifier.Applied applied, DeliveryReport delivery) {
        Transition transition = applied.transition();
        String status;
        if (!transition.changesState()) {
            status = "no-action";
        } else {
            status = delivery.pending() == 0 ? "notified" : "queued";
        }
        return new NotifierResult(IncidentNotifier.NAME, status, input,
                applied.incident() == null ? null : IncidentView.of(applied.incident()), transition.change().label(),
                delivery, List.of(transition.summary()), transition.changesState() ? null : transition.summary());
    }

    public NotifierResult asDuplicate(String why) {
        return new NotifierResult(function, "duplicate", input, incident, change, delivery, notes, why);
    }
}
