package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.time.Instant;
import link.buddyverse.ops.incident.delivery.SlackResponse;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.BlockKit;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/**
 * An incoming webhook's transport: one JSON POST per message ({@code {"text", "blocks"}}) to its one channel.
 * No metadata, no update, no thread, no read-back: delivery asks {@link #threads()} and never calls
 * {@link #update} or {@link #find}.
 */
final class WebhookTransport implements SlackTransport {

    private final SlackAccess.Webhook webhook;
    private final SlackHttp http;
    private final BlockKit blockKit;
    private final Runnable forgetCredentials;

    WebhookTransport(SlackAccess.Webhook webhook, SlackHttp http, BlockKit blockKit, Runnable forgetCredentials) {
        this.webhook = webhook;
        this.http = http;
        this.blockKit = blockKit;
        this.forgetCredentials = forgetCredentials;
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
        SlackHttp.Reply reply;
        try {
            reply = http.postJson(webhook.url(), blockKit.webhookPayload(message));
        } catch (IOException e) {
            return SlackAnswers.unreachable("the webhook", e);
        }
        if (reply.status() == 200) {
            return new SlackResponse.Accepted(null);
        }
        String body = reply.body().trim();
        return SlackAnswers.httpError("the webhook", reply.status(), reply.retryAfter(),
                body.isEmpty() || body.length() > 80 ? null : redact(body), forgetCredentials);
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
        return SlackAnswers.redact(webhook, text);
    }
}
