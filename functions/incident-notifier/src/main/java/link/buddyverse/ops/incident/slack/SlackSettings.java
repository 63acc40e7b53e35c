package link.buddyverse.ops.incident.slack;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where the Slack credentials come from ({@code SLACK_*} environment variables).
 *
 * <p>Deployed, {@code SLACK_SECRET_ARN} names a Secrets Manager secret holding a bot token or an incoming
 * webhook URL. For local use ({@code ./ops local invoke}), {@code SLACK_BOT_TOKEN} or {@code SLACK_WEBHOOK_URL}
 * set in the environment take precedence and Secrets Manager is not asked. {@code SLACK_API_URL} points the
 * Web API client elsewhere (a local stand-in); empty means Slack's own {@code https://slack.com/api/}.
 *
 * @param timeoutMillis connect, read and whole-call timeout of each Slack request: a slow Slack leaves the
 *                      notice in the outbox for the next attempt instead of using up the function's timeout
 */
@ConfigurationProperties("slack")
public record SlackSettings(
        @Nullable String secretArn,
        @Nullable String botToken,
        @Nullable String webhookUrl,
        @Nullable String apiUrl,
        @Bindable(defaultValue = "3000") int timeoutMillis) {

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** Never the credentials themselves: records print their fields, and settings end up in logs. */
    @Override
    public String toString() {
        return "SlackSettings[secretArn=" + secretArn + ", botToken=" + (present(botToken) ? "(set)" : "(unset)")
                + ", webhookUrl=" + (present(webhookUrl) ? "(set)" : "(unset)") + ", apiUrl=" + apiUrl
                + ", timeoutMillis=" + timeoutMillis + "]";
    }
}
