package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.incident.delivery.SlackResponse;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/** The bot token's transport: Slack's Web API (post with metadata, update, thread replies, look-ups). */
final class BotTransport implements SlackTransport {

    private final SlackGateway gateway;
    private final SlackAccess.BotToken bot;

    BotTransport(SlackGateway gateway, SlackAccess.BotToken bot) {
        this.gateway = gateway;
        this.bot = bot;
    }

    @Override
    public String mode() {
        return bot.mode();
    }

    @Override
    public boolean threads() {
        return true;
    }

    @Override
    public SlackResponse post(String channel, SlackMessage message, @Nullable String threadTs, String noticeId) {
        return gateway.post(bot, channel, message, threadTs, noticeId);
    }

    @Override
    public SlackResponse update(SlackRef message, SlackMessage content) {
        return gateway.update(bot, message, content);
    }

    @Override
    public SlackResponse find(String channel, @Nullable String threadTs, String noticeId, @Nullable Instant since) {
        return gateway.find(bot, channel, threadTs, noticeId, since);
    }

    @Override
    public String redact(String text) {
        return SlackGateway.redact(bot, text);
    }
}
