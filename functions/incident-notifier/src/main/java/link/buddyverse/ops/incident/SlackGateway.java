package link.buddyverse.ops.incident;

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
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.Request;

/**
 * The only code that talks to Slack, through Slack's Java SDK: chat.postMessage (messages and thread replies)
 * and chat.update with a bot token, or one POST per message to an incoming webhook. Every answer becomes a
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

    private final SlackSettings settings;
    private final SlackCredentials credentials;
    private volatile Slack slack;

    public SlackGateway(SlackSettings settings, SlackCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    /** The credentials in use; throws {@link SlackCredentialsException} when there are none that work. */
    public SlackAccess access() {
        return credentials.access();
    }

    /** Posts a message, or a thread reply when {@code threadTs} is given (bot token only). */
    public SlackResponse post(SlackAccess.BotToken bot, String channel, SlackMessage message, @Nullable String threadTs) {
        try {
            ChatPostMessageResponse response = methods(bot).chatPostMessage(r -> r.channel(channel).text(message.text())
                    .blocks(message.blocks()).threadTs(threadTs).unfurlLinks(false).unfurlMedia(false));
            if (response.isOk()) {
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
                .text(message.text()).blocks(message.blocks()).threadTs("1764057600.000100").build()).build();
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
            return new SlackResponse.Misconfigured(why + ": check the bot token's scopes (chat:write) and that the bot"
                    + " is in the channel");
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
        return new SlackResponse.RetryLater(null, what + " did not answer: " + redact(access, message));
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
