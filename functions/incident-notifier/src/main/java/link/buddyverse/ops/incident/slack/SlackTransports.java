package link.buddyverse.ops.incident.slack;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.BlockKit;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/**
 * Delivery's source of transports: the credentials decide, per invocation, whether it is the bot token's Web
 * API ({@link BotTransport}) or an incoming webhook ({@link WebhookTransport}). What outlives an invocation
 * (the channel ids Slack answered with) is kept here, per container.
 */
@Singleton
public class SlackTransports implements SlackTransport.Source {

    static final String SLACK_API = "https://slack.com/api/";

    private final SlackCredentials credentials;
    private final SlackHttp http;
    private final JsonMapper json;
    private final BlockKit blockKit;
    private final String apiUrl;
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();

    public SlackTransports(SlackSettings settings, SlackCredentials credentials, SlackHttp http, JsonMapper json,
                           BlockKit blockKit) {
        this.credentials = credentials;
        this.http = http;
        this.json = json;
        this.blockKit = blockKit;
        String url = SlackSettings.present(settings.apiUrl()) ? settings.apiUrl().trim() : SLACK_API;
        this.apiUrl = url.endsWith("/") ? url : url + "/";
    }

    @Override
    public SlackTransport open() {
        SlackAccess access = credentials.access();
        if (access instanceof SlackAccess.BotToken bot) {
            return new BotTransport(bot, apiUrl, http, json, blockKit, channelIds, credentials::forget);
        }
        return new WebhookTransport((SlackAccess.Webhook) access, http, blockKit, credentials::forget);
    }

    /**
     * Runs the request path short of the network for SnapStart's snapshot: the form bodies of chat.postMessage
     * (with metadata, in a thread) and chat.update, a webhook's JSON, a connection set up as a call sets it up,
     * and the parse of an answer. No credential is read and nothing is sent. Returns the message's Block Kit JSON.
     */
    public String prime(SlackMessage message) {
        BotTransport bot = new BotTransport(new SlackAccess.BotToken("xoxb-priming"), apiUrl, http, json, blockKit,
                new ConcurrentHashMap<>(), () -> { });
        SlackHttp.formBody(bot.postForm("#priming", message, "1764057600.000100", "priming#0000000000"));
        SlackHttp.formBody(bot.updateForm(new SlackRef("C0PRIMING", "1764057600.000100"), message));
        blockKit.webhookPayload(message);
        try {
            http.open(apiUrl + "chat.postMessage", "xoxb-priming", "application/x-www-form-urlencoded; charset=utf-8");
            json.readValue("{\"ok\":true,\"channel\":\"C0PRIMING\",\"ts\":\"1764057600.000100\"}", io.micronaut.json.tree.JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("priming the Slack request path failed: " + e.getMessage(), e);
        }
        return blockKit.message(message);
    }
}
