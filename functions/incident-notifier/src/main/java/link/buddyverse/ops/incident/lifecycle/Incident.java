package link.buddyverse.ops.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One incident as the notifier remembers it (stored as JSON in its {@code incident#<key>} item): what it is
 * about, what AWS said, what the automation did, and when it opened and resolved. Where its Slack message
 * lives is delivery's business and kept beside it ({@link IncidentRecord}).
 *
 * @param key          the alarm name, or {@code rds:<db>}, {@code asg:<group>}, {@code action:<resource>}
 * @param episode      the event id that opened it; a flap reopens the same episode, a later ALARM starts a new one
 * @param nextSeq      sequence number of the next notice, so the thread keeps the order events happened in
 * @param appliedEvents the last event ids applied, so a redelivered event never applies twice
 * @param storm        the storm this incident was rolled up into, if it opened in one
 */
@Serdeable
public record Incident(
        String key,
        IncidentKind kind,
        IncidentStatus status,
        String episode,
        Severity severity,
        String title,
        @Nullable String resource,
        @Nullable String resourceLink,
        @Nullable String alarmLink,
        String region,
        @Nullable String metric,
        @Nullable String threshold,
        @Nullable String reason,
        @Nullable String description,
        Instant openedAt,
        @Nullable Instant resolvedAt,
        Instant lastChangeAt,
        @Nullable Instant autoResolveAt,
        int reopenCount,
        List<ActionEntry> actions,
        long nextSeq,
        List<String> appliedEvents,
        @Nullable String storm,
        @Nullable String resolution) {

    /** How many applied event ids are remembered: far more than the retries of one event. */
    static final int REMEMBERED_EVENTS = 50;

    public Incident {
        // Serde leaves empty lists out of the stored JSON.
        actions = actions == null ? List.of() : List.copyOf(actions);
        appliedEvents = appliedEvents == null ? List.of() : List.copyOf(appliedEvents);
    }

    public boolean isOpen() {
        return status == IncidentStatus.OPEN;
    }

    public boolean hasApplied(String eventId) {
        return appliedEvents.contains(eventId);
    }

    /** Open time until resolution, or until {@code now} while open. */
    public Duration duration(Instant now) {
        return Duration.between(openedAt, resolvedAt != null ? resolvedAt : now);
    }

    /** The incident rolled up into a storm's one message. */
    public Incident inStorm(String stormKey) {
        Builder builder = toBuilder();
        builder.storm = stormKey;
        return builder.build();
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with for the lifecycle's transitions: records have no withers. */
    static final class Builder {
        private final Incident from;
        IncidentStatus status;
        String episode;
        Severity severity;
        String reason;
        String metric;
        String threshold;
        Instant openedAt;
        Instant resolvedAt;
        Instant lastChangeAt;
        Instant autoResolveAt;
        int reopenCount;
        final List<ActionEntry> actions;
        long nextSeq;
        final List<String> appliedEvents;
        String storm;
        String resolution;

        private Builder(Incident from) {
            this.from = from;
            status = from.status;
            episode = from.episode;
            severity = from.severity;
            reason = from.reason;
            metric = from.metric;
            threshold = from.threshold;
            openedAt = from.openedAt;
            resolvedAt = from.resolvedAt;
            lastChangeAt = from.lastChangeAt;
            autoResolveAt = from.autoResolveAt;
            reopenCount = from.reopenCount;
            actions = new ArrayList<>(from.actions);
            nextSeq = from.nextSeq;
            appliedEvents = new ArrayList<>(from.appliedEvents);
            storm = from.storm;
            resolution = from.resolution;
        }

        Builder applied(String eventId) {
            appliedEvents.add(eventId);
            while (appliedEvents.size() > REMEMBERED_EVENTS) {
                appliedEvents.remove(0);
            }
            return this;
        }

        /** Takes the next notice sequence number. */
        long seq() {
            return nextSeq++;
        }

        Incident build() {
            return new Incident(from.key, from.kind, status, episode, severity, from.title, from.resource,
                    from.resourceLink, from.alarmLink, from.region, metric, threshold, reason, from.description,
                    openedAt, resolvedAt, lastChangeAt, autoResolveAt, reopenCount, actions, nextSeq, appliedEvents,
                    storm, resolution);
        }
    }
}
