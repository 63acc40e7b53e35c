package link.buddyverse.ops.incident.delivery;

/**
 * No transport to Slack for now (no usable credentials): nothing is lost, notices stay in the outbox until it
 * is fixed. The message says what was expected and what to do, and never contains a secret.
 */
public class SlackUnavailableException extends RuntimeException {

    public SlackUnavailableException(String message) {
        super(message);
    }
}
