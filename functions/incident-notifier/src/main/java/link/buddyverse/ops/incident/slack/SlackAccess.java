package link.buddyverse.ops.incident.slack;

/**
 * How the notifier reaches Slack: a bot token (Web API: post, update, thread replies) or an incoming webhook
 * (one channel, post only). Both are secrets: {@link #toString()} never shows them.
 */
public sealed interface SlackAccess permits SlackAccess.BotToken, SlackAccess.Webhook {

    /** {@code bot} or {@code webhook}, as results show it. */
    String mode();

    /** The secret itself, for redaction only. */
    String secret();

    record BotToken(String token) implements SlackAccess {
        @Override
        public String mode() {
            return "bot";
        }

        @Override
        public String secret() {
            return token;
        }

        @Override
        public String toString() {
            return "BotToken[(redacted)]";
        }
    }

    record Webhook(String url) implements SlackAccess {
        @Override
        public String mode() {
            return "webhook";
        }

        @Override
        public String secret() {
            return url;
        }

        @Override
        public String toString() {
            return "Webhook[(redacted)]";
        }
    }
}
