package link.buddyverse.ops.incident.slack;

import link.buddyverse.ops.incident.delivery.SlackUnavailableException;

/**
 * No usable Slack credentials: none configured, the secret is missing, unreadable or holds neither a bot token
 * nor a webhook URL, or Slack rejects them. Nothing is lost: notices stay in the outbox until it is fixed.
 * The message says what was expected and what to do, and never contains the secret.
 */
public final class SlackCredentialsException extends SlackUnavailableException {

    public SlackCredentialsException(String message) {
        super(message);
    }
}
