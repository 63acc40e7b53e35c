package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import link.buddyverse.ops.incident.delivery.SlackResponse;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.BlockKit;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;

/**
 * The bot token's transport: Slack's Web API, form-encoded over {@link SlackHttp}. chat.postMessage (messages
 * and thread replies) carries Slack message metadata naming its outbox notice ({@value #METADATA_EVENT_TYPE},
 * {@code notice_id}), so that a post whose outcome is unknown can be looked for ({@link #find}:
 * conversations.history for a message, conversations.replies for a thread reply) instead of posted twice.
 */
final class BotTransport implements SlackTransport {

    /** The metadata event type of every message the notifier posts. */
    static final String METADATA_EVENT_TYPE = "buddyverse_ops_notice";
    static final String NOTICE_ID = "notice_id";
    /** How far before the first attempt a look-up starts: clock skew between Lambda and Slack. */
    static final Duration LOOKBACK_MARGIN = Duration.ofMinutes(2);
    /** Pages of history a look-up reads at most (200 messages each). */
    static final int LOOKUP_PAGES = 10;
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");

    private final SlackAccess.BotToken bot;
    private final String apiUrl;
    private final SlackHttp http;
    private final JsonMapper json;
    private final BlockKit blockKit;
    /** Channel names as configured ({@code #buddy-ops}) -> the ids Slack answered with; kept per container. */
    private final Map<String, String> channelIds;
    private final Runnable forgetCredentials;

    BotTransport(SlackAccess.BotToken bot, String apiUrl, SlackHttp http, JsonMapper json, BlockKit blockKit,
                 Map<String, String> channelIds, Runnable forgetCredentials) {
        this.bot = bot;
        this.apiUrl = apiUrl;
        this.http = http;
        this.json = json;
        this.blockKit = blockKit;
        this.channelIds = channelIds;
        this.forgetCredentials = forgetCredentials;
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
        Map<String, String> form = postForm(channel, message, threadTs, noticeId);
        return call("chat.postMessage", form, answer -> {
            String id = text(answer, "channel");
            if (id != null) {
                channelIds.putIfAbsent(channel, id);
            }
            return new SlackResponse.Accepted(new SlackRef(id, text(answer, "ts")));
        });
    }

    Map<String, String> postForm(String channel, SlackMessage message, @Nullable String threadTs, String noticeId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel", channel);
        form.put("text", message.text());
        form.put("blocks", blockKit.blocks(message.blocks()));
        form.put("thread_ts", threadTs);
        form.put("unfurl_links", "false");
        form.put("unfurl_media", "false");
        form.put("metadata", blockKit.write(Map.of("event_type", METADATA_EVENT_TYPE,
                "event_payload", Map.of(NOTICE_ID, noticeId))));
        return form;
    }

    @Override
    public SlackResponse update(SlackRef message, SlackMessage content) {
        return call("chat.update", updateForm(message, content), answer -> new SlackResponse.Accepted(null));
    }

    Map<String, String> updateForm(SlackRef message, SlackMessage content) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel", message.channel());
        form.put("ts", message.ts());
        form.put("text", content.text());
        form.put("blocks", blockKit.blocks(content.blocks()));
        return form;
    }

    /**
     * Looks in Slack for the message (no {@code threadTs}: top-level messages of {@code channel}, via
     * conversations.history) or thread reply ({@code threadTs}: conversations.replies) carrying the notice's id
     * in its metadata, posted no earlier than {@code since} minus {@link #LOOKBACK_MARGIN}. Needs
     * {@code channels:history} (public channels) or {@code groups:history} (private ones); a channel given by
     * name also needs {@code channels:read}/{@code groups:read} once per container to learn its id, unless a post
     * to it has answered in this container already.
     */
    @Override
    public SlackResponse find(String channel, @Nullable String threadTs, String noticeId, @Nullable Instant since) {
        SlackResponse known = channelId(channel);
        if (!(known instanceof SlackResponse.Accepted found)) {
            return known;
        }
        String id = found.ref().channel();
        String method = threadTs == null ? "conversations.history" : "conversations.replies";
        String oldest = since == null ? null : slackTs(since.minus(LOOKBACK_MARGIN));
        String cursor = null;
        for (int page = 0; page < LOOKUP_PAGES; page++) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("channel", id);
            form.put("ts", threadTs);
            form.put("oldest", oldest);
            form.put("include_all_metadata", "true");
            form.put("limit", "200");
            form.put("cursor", cursor);
            Page answer = new Page();
            SlackResponse response = call(method, form, body -> {
                answer.body = body;
                return new SlackResponse.Missing();
            });
            if (answer.body == null) {
                return response;
            }
            JsonNode messages = answer.body.get("messages");
            for (JsonNode message : messages == null || !messages.isArray() ? java.util.List.<JsonNode>of() : messages.values()) {
                if (carries(message, noticeId)) {
                    return new SlackResponse.Accepted(new SlackRef(id, text(message, "ts")));
                }
            }
            cursor = nextCursor(answer.body);
            if (cursor == null) {
                return new SlackResponse.Missing();
            }
        }
        // More than LOOKUP_PAGES pages since the first attempt: too busy a channel to be sure. Posting is
        // the lesser evil (a message seen twice beats an incident nobody is told about).
        return new SlackResponse.Missing();
    }

    @Override
    public String redact(String text) {
        return SlackAnswers.redact(bot, text);
    }

    /** The id of a channel given by id or by name (Accepted, its ref's channel), or why it is not known. */
    private SlackResponse channelId(String channel) {
        String given = channel.trim();
        if (CHANNEL_ID.matcher(given).matches()) {
            return new SlackResponse.Accepted(new SlackRef(given, null));
        }
        String known = channelIds.get(channel);
        if (known != null) {
            return new SlackResponse.Accepted(new SlackRef(known, null));
        }
        String name = given.startsWith("#") ? given.substring(1) : given;
        String cursor = null;
        do {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("exclude_archived", "true");
            form.put("limit", "1000");
            form.put("types", "public_channel,private_channel");
            form.put("cursor", cursor);
            Page answer = new Page();
            SlackResponse response = call("conversations.list", form, body -> {
                answer.body = body;
                return new SlackResponse.Missing();
            });
            if (answer.body == null) {
                return response;
            }
            JsonNode channels = answer.body.get("channels");
            for (JsonNode conversation : channels == null || !channels.isArray() ? java.util.List.<JsonNode>of() : channels.values()) {
                if (name.equals(text(conversation, "name"))) {
                    String id = text(conversation, "id");
                    channelIds.put(channel, id);
                    return new SlackResponse.Accepted(new SlackRef(id, null));
                }
            }
            cursor = nextCursor(answer.body);
        } while (cursor != null);
        return new SlackResponse.Misconfigured("conversations.list does not know channel '" + channel
                + "': check the channel, and that the bot is in it");
    }

    private interface OnOk {
        SlackResponse accept(JsonNode answer);
    }

    /** A page of a listing method, once Slack answered ok. */
    private static final class Page {
        JsonNode body;
    }

    private SlackResponse call(String method, Map<String, String> form, OnOk onOk) {
        SlackHttp.Reply reply;
        try {
            reply = http.postForm(apiUrl + method, bot.token(), form);
        } catch (IOException e) {
            return SlackAnswers.unreachable(method, e);
        }
        JsonNode answer = parse(reply.body());
        if (reply.status() != 200) {
            return SlackAnswers.httpError(method, reply.status(), reply.retryAfter(),
                    answer == null ? null : text(answer, "error"), forgetCredentials);
        }
        if (answer == null) {
            return new SlackResponse.RetryLater(null, method + " answered HTTP 200 without JSON");
        }
        JsonNode ok = answer.get("ok");
        if (ok == null || !ok.isBoolean() || !ok.getBooleanValue()) {
            String error = text(answer, "error");
            return SlackAnswers.refused(method, error == null ? "unknown_error" : error, text(answer, "needed"),
                    text(answer, "warning"), reply.retryAfter(), forgetCredentials);
        }
        return onOk.accept(answer);
    }

    private JsonNode parse(String body) {
        if (body == null || !body.trim().startsWith("{")) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static boolean carries(JsonNode message, String noticeId) {
        JsonNode metadata = message.get("metadata");
        if (metadata == null || !metadata.isObject() || !METADATA_EVENT_TYPE.equals(text(metadata, "event_type"))) {
            return false;
        }
        JsonNode payload = metadata.get("event_payload");
        return payload != null && payload.isObject() && noticeId.equals(text(payload, NOTICE_ID));
    }

    private static String nextCursor(JsonNode answer) {
        JsonNode metadata = answer.get("response_metadata");
        String cursor = metadata == null ? null : text(metadata, "next_cursor");
        return cursor == null || cursor.isBlank() ? null : cursor;
    }

    @Nullable
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.getStringValue() : null;
    }

    /** Slack's {@code ts} form of a moment: seconds and microseconds. */
    static String slackTs(Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%06d", instant.getNano() / 1_000);
    }
}
