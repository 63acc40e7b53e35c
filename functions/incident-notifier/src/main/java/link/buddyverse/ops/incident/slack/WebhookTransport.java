package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.incident.delivery.SlackResponse;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/**
 * An incoming webhook's transport: one POST per message to its one channel. No metadata, no update, no
 * thread, no read-back: delivery asks {@link #threads()} and never calls {@link #update} or {@link #find}.
 */
final class WebhookTransport implements SlackTransport {

    private final SlackGateway gateway;
    private final SlackAccess.Webhook webhook;

    WebhookTransport(SlackGateway gateway, SlackAccess.Webhook webhook) {
        this.gateway = gateway;
        this.webhook = webhook;
    }

    @Override
    public String mode() {
        return webhook.mode();
    }

    @Override
    public boolean threads() {
        return false;
    }

    @Override
    public SlackResponse post(@Nullable String channel, SlackMessage message, @Nullable String threadTs, String noticeId) {
        return gateway.send(webhook, message);
    }

    @Override
    public SlackResponse update(SlackRef message, SlackMessage content) {
        throw new UnsupportedOperationException("an incoming webhook cannot update a message");
    }

    @Override
    public SlackResponse find(String channel, @Nullable String threadTs, String noticeId, @Nullable Instant since) {
        throw new UnsupportedOperationException("an incoming webhook cannot read the channel back");
    }

    @Override
    public String redact(String text) {
        return SlackGateway.redact(webhook, text);
    }
}
