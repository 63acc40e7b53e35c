package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import link.buddyverse.ops.incident.delivery.SlackResponse;

/** How Slack's answers become {@link SlackResponse}s: which errors pass, which need a person, which are for good. */
final class SlackAnswers {

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

    private SlackAnswers() {
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

    /**
     * An answer with {@code ok: false}. {@code needed}: the scope Slack says is missing ({@code missing_scope}
     * answers carry it), else null.
     */
    static SlackResponse refused(String method, String error, @Nullable String needed, @Nullable String warning,
                                 @Nullable String retryAfter, Runnable forgetCredentials) {
        String why = method + " answered ok=false, error '" + error + "'";
        if (TRANSIENT_ERRORS.contains(error)) {
            return new SlackResponse.RetryLater(retryAfter(retryAfter), why);
        }
        if (CONFIGURATION_ERRORS.contains(error)) {
            forgetCredentials.run();
            String scopes = needed != null && !needed.isBlank() ? needed : scopesOf(method);
            return new SlackResponse.Misconfigured(why + ": check the bot token's scopes (" + scopes
                    + ") and that the bot is in the channel");
        }
        if (GONE_ERRORS.contains(error)) {
            return new SlackResponse.Gone(why);
        }
        return new SlackResponse.Rejected(why + (warning == null ? "" : " (" + warning + ")"));
    }

    /** An answer that is not a 200 of the Web API (or of a webhook). */
    static SlackResponse httpError(String what, int code, @Nullable String retryAfter, @Nullable String error,
                                   Runnable forgetCredentials) {
        String why = what + " answered HTTP " + code + (error == null ? "" : " (" + error + ")");
        if (code == 429 || code >= 500 || (error != null && TRANSIENT_ERRORS.contains(error))) {
            return new SlackResponse.RetryLater(retryAfter(retryAfter), why);
        }
        if (code == 401 || code == 403 || code == 404 || code == 410 || (error != null && CONFIGURATION_ERRORS.contains(error))) {
            forgetCredentials.run();
            return new SlackResponse.Misconfigured(why + ": check the Slack credentials and the channel");
        }
        return new SlackResponse.Rejected(why);
    }

    /** No answer: a timeout, a refused or dropped connection. Slack may have done it all the same. */
    static SlackResponse unreachable(String what, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new SlackResponse.NoAnswer(what + " did not answer: " + message);
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

    /** Removes the secret from text that may end up in logs, results or the outbox. */
    static String redact(SlackAccess access, @Nullable String text) {
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
}
