package link.buddyverse.ops.incident.delivery;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import link.buddyverse.ops.incident.store.SlackRef;

/** What Slack made of one request, in the terms delivery acts on. */
public sealed interface SlackResponse {

    /** Taken. {@code ref} is where a posted message now is (null for webhooks and updates). */
    record Accepted(@Nullable SlackRef ref) implements SlackResponse {
    }

    /** Not now: rate limited (with Slack's Retry-After), a 5xx. The notice stays in the outbox. */
    record RetryLater(@Nullable Duration retryAfter, String why) implements SlackResponse {
    }

    /**
     * No answer (a timeout, a dropped connection): Slack may or may not have taken the request. The notice stays
     * in the outbox, and before posting it again delivery looks for it in Slack.
     */
    record NoAnswer(String why) implements SlackResponse {
    }

    /** A look-up found no message carrying the notice's metadata: posting it will not make a second one. */
    record Missing() implements SlackResponse {
    }

    /** The credentials or the channel are wrong: stays in the outbox until someone fixes the configuration. */
    record Misconfigured(String why) implements SlackResponse {
    }

    /** The message to update no longer exists (deleted in Slack): nothing left to update. */
    record Gone(String why) implements SlackResponse {
    }

    /** Slack will never take this request as it is (invalid blocks, too long): it is dropped, loudly. */
    record Rejected(String why) implements SlackResponse {
    }
}
