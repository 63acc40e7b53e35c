package link.buddyverse.ops.incident.delivery;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/**
 * The port delivery reaches Slack through, one per invocation (the credentials decide which): a bot token's
 * Web API, which can post, update in place, reply in threads and look a post up again by its metadata; or an
 * incoming webhook, which can only post to its one channel. Every answer is a {@link SlackResponse}; nothing
 * behind the port retries or waits, so a slow or rate-limiting Slack never holds the function.
 */
public interface SlackTransport {

    /** {@code bot} or {@code webhook}, as results show it. */
    String mode();

    /** Whether this transport updates messages in place, threads replies and can look posts up (a bot token). */
    boolean threads();

    /**
     * Posts a message, or a thread reply when {@code threadTs} is given, carrying {@code noticeId} in its
     * metadata so that it can be found again. A webhook posts to its own channel and ignores the rest.
     */
    SlackResponse post(String channel, SlackMessage message, @Nullable String threadTs, String noticeId);

    /** Shows new content in a posted message (bot only). */
    SlackResponse update(SlackRef message, SlackMessage content);

    /**
     * Looks for the message (no {@code threadTs}) or thread reply carrying {@code noticeId} in its metadata,
     * posted no earlier than about {@code since}: {@link SlackResponse.Accepted} with where it is,
     * {@link SlackResponse.Missing}, or why it could not look (bot only).
     */
    SlackResponse find(String channel, @Nullable String threadTs, String noticeId, @Nullable Instant since);

    /** The text without the transport's secret (a token, a webhook URL), for logs, results and the outbox. */
    String redact(String text);

    /** Where delivery gets its transport for one invocation. */
    interface Source {
        /** The transport the credentials allow; throws {@link SlackUnavailableException} when there are none. */
        SlackTransport open();
    }
}
