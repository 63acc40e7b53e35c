package link.buddyverse.ops.incident.store;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.Notice;

/**
 * A notice in the outbox ({@code outbox#<thread>#<id>}): written in the same transaction as the state change
 * that caused it, removed in the same transaction that records Slack's acceptance.
 *
 * @param thread   the incident key, or the storm key for a roll-up's notices
 * @param snapshot for messages: the incident as it was when the notice was written (a webhook posts that)
 * @param notBefore Slack's Retry-After: not to be attempted before this
 * @param sentAt     when a call that may have posted it first started (where to look for it in Slack)
 * @param unanswered a call that may have posted it got no answer (a timeout): Slack may have it already, so
 *                   the next delivery looks for it (by its metadata) before posting it again
 */
public record OutboxNotice(String thread, String id, Notice.Kind kind, @Nullable Notice.Phase phase,
                           @Nullable Notice.Role role, @Nullable String text, @Nullable Incident snapshot,
                           String eventId, Instant createdAt, int attempts, @Nullable Instant notBefore,
                           @Nullable String lastError, @Nullable Instant sentAt, boolean unanswered) {

    /**
     * The notice of an incident's own thread. Its id is its sequence number (so ids sort in the order events
     * happened) and the event's id (so two writers racing from the same state never write the same item).
     */
    public static OutboxNotice of(String thread, Notice notice, @Nullable Incident snapshot, String eventId, Instant now) {
        return new OutboxNotice(thread, notice.id() + "-" + eventId, notice.kind(), notice.phase(), notice.role(), notice.text(),
                notice.kind() == Notice.Kind.MESSAGE ? snapshot : null, eventId, now, 0, null, null, null, false);
    }

    String pk() {
        return StateTable.outboxKey(thread, id);
    }

    /** What the Slack message carries in its metadata to be found again: unique in the workspace. */
    public String metadataId() {
        return noticeId(thread, id);
    }

    public static String noticeId(String thread, String id) {
        return thread + "#" + id;
    }
}
