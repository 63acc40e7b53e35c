package link.buddyverse.ops.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;

/**
 * Something an incident has to tell Slack, as the lifecycle decides it. A {@link Kind#MESSAGE} notice asks for
 * the incident's one message to show its current state (posted the first time, updated in place after: any
 * number of pending ones collapse into one call). A {@link Kind#REPLY} is one line of the thread's story.
 *
 * @param seq   the incident's own sequence number: the thread replays notices in this order
 * @param phase for messages: why the message changes (a webhook, which cannot update, posts only on
 *              OPENED, REOPENED and RESOLVED)
 * @param text  for replies: Slack mrkdwn
 */
public record Notice(long seq, Kind kind, @Nullable Phase phase, @Nullable String text, @Nullable Role role) {

    public enum Kind {
        MESSAGE, REPLY
    }

    public enum Phase {
        OPENED, REOPENED, UPDATED, RESOLVED
    }

    /** What a reply is; a storm's roll-up thread carries only the automation's actions. */
    public enum Role {
        ACTION, STORY, NOTE
    }

    public static Notice message(long seq, Phase phase) {
        return new Notice(seq, Kind.MESSAGE, phase, null, null);
    }

    public static Notice reply(long seq, Role role, String text) {
        return new Notice(seq, Kind.REPLY, null, text, role);
    }

    /** The notice's id within its thread: zero-padded so that ids sort in sequence order. */
    public String id() {
        return String.format("%010d", seq);
    }
}
