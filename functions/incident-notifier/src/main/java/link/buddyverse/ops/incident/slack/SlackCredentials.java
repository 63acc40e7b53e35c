package link.buddyverse.ops.incident.slack;

import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Finds the Slack credentials once per container and keeps them: {@code SLACK_BOT_TOKEN} or
 * {@code SLACK_WEBHOOK_URL} from the environment (local use), else the Secrets Manager secret named by
 * {@code SLACK_SECRET_ARN}. The secret holds either JSON, {@code {"botToken": "xoxb-..."}} or
 * {@code {"webhookUrl": "https://hooks.slack.com/services/..."}}, or the bare token or URL. A failure is not
 * cached, so the next invocation asks again once the secret is fixed.
 */
@Singleton
public class SlackCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(SlackCredentials.class);
    private static final List<String> TOKEN_FIELDS = List.of("botToken", "bot_token", "token");
    private static final List<String> WEBHOOK_FIELDS = List.of("webhookUrl", "webhook_url", "url");
    static final String SHAPE = "{\"botToken\": \"xoxb-...\"} or {\"webhookUrl\": \"https://hooks.slack.com/services/...\"}"
            + " (or the bare token or URL)";
    static final String EXPECTED = "expected " + SHAPE;

    private final SlackSettings settings;
    private final BeanProvider<SecretsManagerClient> secretsManager;
    private final JsonMapper jsonMapper;
    private volatile SlackAccess cached;

    public SlackCredentials(SlackSettings settings, BeanProvider<SecretsManagerClient> secretsManager, JsonMapper jsonMapper) {
        this.settings = settings;
        this.secretsManager = secretsManager;
        this.jsonMapper = jsonMapper;
    }

    public SlackAccess access() {
        SlackAccess known = cached;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (cached == null) {
                cached = resolve();
                LOG.info("Slack credentials found: {} mode", cached.mode());
            }
            return cached;
        }
    }

    /** Forgets the credentials, after Slack said they are wrong: the next attempt reads the secret again. */
    public void forget() {
        cached = null;
    }

    private SlackAccess resolve() {
        if (SlackSettings.present(settings.botToken())) {
            return token(settings.botToken().trim(), "SLACK_BOT_TOKEN");
        }
        if (SlackSettings.present(settings.webhookUrl())) {
            return webhook(settings.webhookUrl().trim(), "SLACK_WEBHOOK_URL");
        }
        if (!SlackSettings.present(settings.secretArn())) {
            throw new SlackCredentialsException("no Slack credentials: set SLACK_SECRET_ARN to a Secrets Manager secret holding "
                    + SHAPE + ", or for local use SLACK_BOT_TOKEN or SLACK_WEBHOOK_URL");
        }
        String arn = settings.secretArn().trim();
        String value;
        try {
            value = secretsManager.get().getSecretValue(b -> b.secretId(arn)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new SlackCredentialsException("the Slack secret " + arn + " does not exist: check SLACK_SECRET_ARN"
                    + " (the template's SlackSecretArn parameter) and create it holding " + SHAPE);
        } catch (SecretsManagerException e) {
            throw new SlackCredentialsException("could not read the Slack secret " + arn + ": "
                    + e.awsErrorDetails().errorCode() + " (" + e.awsErrorDetails().errorMessage() + ")");
        } catch (SdkException e) {
            throw new SlackCredentialsException("could not read the Slack secret " + arn + ": " + e.getMessage());
        }
        if (value == null || value.isBlank()) {
            throw new SlackCredentialsException("the Slack secret " + arn + " has no string value (binary or empty): " + EXPECTED);
        }
        return parse(value.trim(), "the Slack secret " + arn);
    }

    private SlackAccess parse(String value, String where) {
        if (value.startsWith("{")) {
            JsonNode json;
            try {
                json = jsonMapper.readValue(value, JsonNode.class);
            } catch (IOException | RuntimeException e) {
                throw new SlackCredentialsException(where + " starts like JSON but is not valid JSON: " + EXPECTED);
            }
            for (String field : TOKEN_FIELDS) {
                if (json.get(field) != null && json.get(field).isString()) {
                    return token(json.get(field).getStringValue().trim(), where + " field '" + field + "'");
                }
            }
            for (String field : WEBHOOK_FIELDS) {
                if (json.get(field) != null && json.get(field).isString()) {
                    return webhook(json.get(field).getStringValue().trim(), where + " field '" + field + "'");
                }
            }
            throw new SlackCredentialsException(where + " is JSON without a botToken or webhookUrl field: " + EXPECTED);
        }
        if (value.startsWith("xox")) {
            return token(value, where);
        }
        if (value.startsWith("https://") || value.startsWith("http://")) {
            return webhook(value, where);
        }
        throw new SlackCredentialsException(where + " holds neither a Slack bot token (xoxb-...) nor a webhook URL: " + EXPECTED);
    }

    private static SlackAccess token(String token, String where) {
        if (!token.startsWith("xox") || token.chars().anyMatch(Character::isWhitespace)) {
            throw new SlackCredentialsException(where + " is not a Slack token (one starts with xoxb- and has no spaces): "
                    + EXPECTED);
        }
        return new SlackAccess.BotToken(token);
    }

    private static SlackAccess webhook(String url, String where) {
        if (!(url.startsWith("https://") || url.startsWith("http://")) || url.chars().anyMatch(Character::isWhitespace)) {
            throw new SlackCredentialsException(where + " is not a webhook URL (https://hooks.slack.com/services/...)");
        }
        return new SlackAccess.Webhook(url);
    }
}
