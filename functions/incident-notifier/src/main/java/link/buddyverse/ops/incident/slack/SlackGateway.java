package link.buddyverse.ops.incident.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Message;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import io.micronaut.core.annotation.Nullable;
import link.buddyverse.ops.incident.delivery.SlackResponse;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.SlackRef;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.Request;

/**
 * The only code that talks to Slack, through Slack's Java SDK: chat.postMessage (messages and thread replies)
 * and chat.update with a bot token, or one POST per message to an incoming webhook. Every bot post carries
 * Slack message metadata naming its outbox notice ({@value #METADATA_EVENT_TYPE}, {@code notice_id}), so that a
 * post whose answer never came can be looked for ({@link #find}: conversations.history for a message,
 * conversations.replies for a thread reply) instead of being posted a second time. Every answer becomes a
 * {@link SlackResponse}; nothing here retries or waits, so a slow or rate-limiting Slack never holds the
 * function: the notice stays in the outbox, and the next attempt honours Slack's Retry-After.
 *
 * <p>The SDK is configured for a short-lived function: no metrics thread, no response logging (its detailed
 * logger prints request URLs, and a webhook's URL is its secret), one call timeout for connect + read.
 */
@Singleton
public class SlackGateway {

    /** Slack errors that mean the credentials, scopes or channel are wrong: fixable, so kept. */
    static final Set<String> CONFIGURATION_ERRORS = Set.of("invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "no_permission", "missing_scope", "channel_not_found", "not_in_channel",
            "is_archived", "restricted_action", "ekm_access_denied", "team_access_not_granted", "org_login_required",
            "not_allowed_token_type", "invalid_token", "no_service", "no_service_id", "no_team", "team_disabled",
            "channel_is_archived", "action_prohibited");
    /** Slack errors that go away by themselves. */
    static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");
    static final Set<String> GONE_ERRORS = Set.of("message_not_found", "cant_update_message", "edit_window_closed");
    /** The metadata event type of every message the notifier posts. */
    static final String METADATA_EVENT_TYPE = "buddyverse_ops_notice";
    static final String NOTICE_ID = "notice_id";
    /** How far before the first attempt a look-up starts: clock skew between Lambda and Slack. */
    static final Duration LOOKBACK_MARGIN = Duration.ofMinutes(2);
    /** Pages of history a look-up reads at most (200 messages each). */
    static final int LOOKUP_PAGES = 10;
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");

    private final SlackSettings settings;
    private final SlackCredentials credentials;
    /** Channel names as configured ({@code #buddy-ops}) -> the ids Slack answered with; conversations.* want ids. */
    private final Map<String, String> channelIds = new ConcurrentHashMap<>();
    private volatile Slack slack;

    public SlackGateway(SlackSettings settings, SlackCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    /** The credentials in use; throws {@link SlackCredentialsException} when there are none that work. */
    public SlackAccess access() {
        return credentials.access();
    }

    /**
     * Posts a message, or a thread reply when {@code threadTs} is given (bot token only), carrying the notice's
     * id in its metadata.
     */
    public SlackResponse post(SlackAccess.BotToken bot, String channel, SlackMessage message, @Nullable String threadTs,
                              String noticeId) {
        try {
            ChatPostMessageResponse response = methods(bot).chatPostMessage(r -> r.channel(channel).text(message.text())
                    .blocks(message.blocks()).threadTs(threadTs).unfurlLinks(false).unfurlMedia(false)
                    .metadata(metadata(noticeId)));
            if (response.isOk()) {
                if (response.getChannel() != null) {
                    channelIds.putIfAbsent(channel, response.getChannel());
                }
                return new SlackResponse.Accepted(new SlackRef(response.getChannel(), response.getTs()));
            }
            return refused(bot, "chat.postMessage", response);
        } catch (SlackApiException e) {
            return httpError(bot, "chat.postMessage", e.getResponse().code(), e.getResponse().header("Retry-After"),
                    e.getError() == null ? null : e.getError().getError());
        } catch (IOException e) {
            return unreachable(bot, "chat.postMessage", e);
        }
    }

    /**
     * Looks in Slack for the message (no {@code threadTs}: top-level messages of {@code channel}, via
     * conversations.history) or thread reply ({@code threadTs}: conversations.replies) carrying the notice's id
     * in its metadata, posted no earlier than {@code since} minus {@link #LOOKBACK_MARGIN}. Answers
     * {@link SlackResponse.Accepted} with where it is, {@link SlackResponse.Missing}, or why it could not look.
     * Needs {@code channels:history} (public channels) or {@code groups:history} (private ones); a channel given
     * by name also needs {@code channels:read}/{@code groups:read} once per container to learn its id, unless a
     * post to it has answered in this container already.
     */
    public SlackResponse find(SlackAccess.BotToken bot, String channel, @Nullable String threadTs, String noticeId,
                              @Nullable Instant since) {
        String method = threadTs == null ? "conversations.history" : "conversations.replies";
        try {
            String id = channelId(bot, channel);
            if (id == null) {
                return new SlackResponse.Misconfigured("conversations.list does not know channel '" + channel
                        + "': check the channel, and that the bot is in it");
            }
            String oldest = since == null ? null : slackTs(since.minus(LOOKBACK_MARGIN));
            String cursor = null;
            for (int page = 0; page < LOOKUP_PAGES; page++) {
                String from = cursor;
                List<Message> messages;
                SlackApiTextResponse answer;
                if (threadTs == null) {
                    ConversationsHistoryResponse history = methods(bot).conversationsHistory(r -> r.channel(id).oldest(oldest)
                            .includeAllMetadata(true).limit(200).cursor(from));
                    answer = history;
                    messages = history.getMessages();
                    cursor = history.getResponseMetadata() == null ? null : history.getResponseMetadata().getNextCursor();
                } else {
                    ConversationsRepliesResponse replies = methods(bot).conversationsReplies(r -> r.channel(id).ts(threadTs)
                            .oldest(oldest).includeAllMetadata(true).limit(200).cursor(from));
                    answer = replies;
                    messages = replies.getMessages();
                    cursor = replies.getResponseMetadata() == null ? null : replies.getResponseMetadata().getNextCursor();
                }
                if (!answer.isOk()) {
                    return refused(bot, method, answer);
                }
                for (Message message : messages == null ? List.<Message>of() : messages) {
                    if (carries(message, noticeId)) {
                        return new SlackResponse.Accepted(new SlackRef(id, message.getTs()));
                    }
                }
                if (cursor == null || cursor.isBlank()) {
                    return new SlackResponse.Missing();
                }
            }
            // More than LOOKUP_PAGES pages since the first attempt: too busy a channel to be sure. Posting is
            // the lesser evil (a message seen twice beats an incident nobody is told about).
            return new SlackResponse.Missing();
        } catch (Refused e) {
            return e.response;
        } catch (SlackApiException e) {
            return httpError(bot, method, e.getResponse().code(), e.getResponse().header("Retry-After"),
                    e.getError() == null ? null : e.getError().getError());
        } catch (IOException e) {
            return unreachable(bot, method, e);
        }
    }

    /** The scopes a Web API method needs of the bot token. */
    static String scopesOf(String method) {
        if (method.startsWith("chat.")) {
            return "chat:write";
        }
        if (method.equals("conversations.list")) {
            return "channels:read, groups:read";
        }
        return "channels:history, groups:history";
    }

    /** Slack answered a look-up's first step with a refusal. */
    private static final class Refused extends Exception {
        final transient SlackResponse response;

        Refused(SlackResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    static Message.Metadata metadata(String noticeId) {
        return Message.Metadata.builder().eventType(METADATA_EVENT_TYPE).eventPayload(Map.of(NOTICE_ID, noticeId)).build();
    }

    private static boolean carries(Message message, String noticeId) {
        Message.Metadata metadata = message.getMetadata();
        return metadata != null && METADATA_EVENT_TYPE.equals(metadata.getEventType()) && metadata.getEventPayload() != null
                && noticeId.equals(String.valueOf(metadata.getEventPayload().get(NOTICE_ID)));
    }

    /** Slack's {@code ts} form of a moment: seconds and microseconds. */
    static String slackTs(Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%06d", instant.getNano() / 1_000);
    }

    /** The id of a channel given by id or by name; null when Slack does not know the name. */
    private String channelId(SlackAccess.BotToken bot, String channel) throws IOException, SlackApiException, Refused {
        String given = channel.trim();
        if (CHANNEL_ID.matcher(given).matches()) {
            return given;
        }
        String known = channelIds.get(channel);
        if (known != null) {
            return known;
        }
        String name = given.startsWith("#") ? given.substring(1) : given;
        String cursor = null;
        do {
            String from = cursor;
            ConversationsListResponse list = methods(bot).conversationsList(r -> r.excludeArchived(true).limit(1000)
                    .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL)).cursor(from));
            if (!list.isOk()) {
                throw new Refused(refused(bot, "conversations.list", list));
            }
            for (Conversation conversation : list.getChannels() == null ? List.<Conversation>of() : list.getChannels()) {
                if (name.equals(conversation.getName())) {
                    channelIds.put(channel, conversation.getId());
                    return conversation.getId();
                }
            }
            cursor = list.getResponseMetadata() == null ? null : list.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isBlank());
        return null;
    }

    public SlackResponse update(SlackAccess.BotToken bot, SlackRef message, SlackMessage content) {
        try {
            ChatUpdateResponse response = methods(bot).chatUpdate(r -> r.channel(message.channel()).ts(message.ts())
                    .text(content.text()).blocks(content.blocks()));
            if (response.isOk()) {
                return new SlackResponse.Accepted(null);
            }
            return refused(bot, "chat.update", response);
        } catch (SlackApiException e) {
            return httpError(bot, "chat.update", e.getResponse().code(), e.getResponse().header("Retry-After"),
                    e.getError() == null ? null : e.getError().getError());
        } catch (IOException e) {
            return unreachable(bot, "chat.update", e);
        }
    }

    public SlackResponse send(SlackAccess.Webhook webhook, SlackMessage message) {
        try {
            WebhookResponse response = slack().send(webhook.url(),
                    Payload.builder().text(message.text()).blocks(message.blocks()).build());
            int code = response.getCode() == null ? 0 : response.getCode();
            if (code == 200) {
                return new SlackResponse.Accepted(null);
            }
            String body = response.getBody() == null ? "" : response.getBody().trim();
            return httpError(webhook, "the webhook", code, header(response.getHeaders(), "retry-after"),
                    body.isEmpty() || body.length() > 80 ? null : body);
        } catch (IOException e) {
            return unreachable(webhook, "the webhook", e);
        }
    }

    /**
     * Loads and initialises the SDK's whole request path short of the network (client, form encoding of
     * chat.postMessage and chat.update with Block Kit, the webhook's JSON, an OkHttp request): in a fresh JVM
     * that path costs ~650 ms on the first call, which SnapStart's snapshot then already holds.
     */
    public void prime(SlackMessage message) {
        Slack sdk = slack();
        sdk.methods("xoxb-priming");
        FormBody postForm = RequestFormBuilder.toForm(ChatPostMessageRequest.builder().channel("#priming")
                .text(message.text()).blocks(message.blocks()).threadTs("1764057600.000100")
                .metadata(metadata("priming#0000000000")).build()).build();
        RequestFormBuilder.toForm(ChatUpdateRequest.builder().channel("C0PRIMING").ts("1764057600.000100")
                .text(message.text()).blocks(message.blocks()).build()).build();
        GsonFactory.createSnakeCase(sdk.getConfig()).toJson(Payload.builder().text(message.text()).blocks(message.blocks()).build());
        new Request.Builder().url(sdk.getConfig().getMethodsEndpointUrlPrefix() + "chat.postMessage")
                .header("Authorization", "Bearer xoxb-priming").post(postForm).build();
    }

    /** Removes the secret from text that may end up in logs, results or the outbox. */
    public static String redact(SlackAccess access, String text) {
        if (text == null || access == null) {
            return text;
        }
        String redacted = text.replace(access.secret(), "(redacted)");
        if (access instanceof SlackAccess.Webhook webhook) {
            int path = webhook.url().indexOf("/services/");
            if (path > 0) {
                redacted = redacted.replace(webhook.url().substring(path), "/services/(redacted)");
            }
        }
        return redacted;
    }

    private MethodsClient methods(SlackAccess.BotToken bot) {
        return slack().methods(bot.token());
    }

    private Slack slack() {
        Slack current = slack;
        if (current == null) {
            synchronized (this) {
                if (slack == null) {
                    slack = Slack.getInstance(config(settings));
                }
                current = slack;
            }
        }
        return current;
    }

    static SlackConfig config(SlackSettings settings) {
        SlackConfig config = new SlackConfig();
        config.setStatsEnabled(false);
        config.setPrettyResponseLoggingEnabled(false);
        config.setHttpClientResponseHandlers(List.of());
        config.setFailOnUnknownProperties(false);
        config.setHttpClientCallTimeoutMillis(settings.timeoutMillis());
        config.setHttpClientReadTimeoutMillis(settings.timeoutMillis());
        config.setHttpClientWriteTimeoutMillis(settings.timeoutMillis());
        if (SlackSettings.present(settings.apiUrl())) {
            String url = settings.apiUrl().trim();
            config.setMethodsEndpointUrlPrefix(url.endsWith("/") ? url : url + "/");
        }
        return config;
    }

    private SlackResponse refused(SlackAccess access, String method, SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        String why = method + " answered ok=false, error '" + error + "'";
        if (TRANSIENT_ERRORS.contains(error)) {
            return new SlackResponse.RetryLater(retryAfter(header(response.getHttpResponseHeaders(), "retry-after")), why);
        }
        if (CONFIGURATION_ERRORS.contains(error)) {
            credentials.forget();
            return new SlackResponse.Misconfigured(why + ": check the bot token's scopes (" + scopesOf(method)
                    + ") and that the bot is in the channel");
        }
        if (GONE_ERRORS.contains(error)) {
            return new SlackResponse.Gone(why);
        }
        return new SlackResponse.Rejected(redact(access, why + (response.getWarning() == null ? "" : " (" + response.getWarning() + ")")));
    }

    private SlackResponse httpError(SlackAccess access, String what, int code, @Nullable String retryAfter,
                                    @Nullable String error) {
        String why = what + " answered HTTP " + code + (error == null ? "" : " (" + redact(access, error) + ")");
        if (code == 429 || code >= 500 || (error != null && TRANSIENT_ERRORS.contains(error))) {
            return new SlackResponse.RetryLater(retryAfter(retryAfter), why);
        }
        if (code == 401 || code == 403 || code == 404 || code == 410 || (error != null && CONFIGURATION_ERRORS.contains(error))) {
            credentials.forget();
            return new SlackResponse.Misconfigured(why + ": check the Slack credentials and the channel");
        }
        return new SlackResponse.Rejected(why);
    }

    private static SlackResponse unreachable(SlackAccess access, String what, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new SlackResponse.NoAnswer(what + " did not answer: " + redact(access, message));
    }

    static Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            // Slack sends seconds; an HTTP date from a proxy is not worth parsing: a minute is a safe wait.
            return Duration.ofMinutes(1);
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}
