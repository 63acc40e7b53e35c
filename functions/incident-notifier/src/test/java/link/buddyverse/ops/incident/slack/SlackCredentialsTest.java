package link.buddyverse.ops.incident.slack;

import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The token or webhook comes from Secrets Manager (moto here), is read once per container, and never shows up
 * in a result or a log line. A missing or wrong secret, or credentials Slack refuses, is a clear error in the
 * result and the log, and nothing is lost: the notices wait in the outbox until it is fixed.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class SlackCredentialsTest {

    static final String SECRET = "buddyverse-ops/slack";

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;
    SecretsManagerClient secrets;
    ListAppender<ILoggingEvent> logs;
    final JsonMapper json = JsonMapper.createDefault();

    @BeforeEach
    void start() {
        AwsClients clients = new AwsClients();
        dynamoDb = clients.build(DynamoDbClient.builder());
        secrets = clients.build(SecretsManagerClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        notifier.close();
        slack.close();
    }

    @Test
    void aBotTokenFromTheSecretIsReadOnceAndNeverShown() throws IOException {
        String arn = createSecret("{\"botToken\": \"" + SlackStandIn.TOKEN + "\"}");
        notifier = viaSecret(arn).with("slack.api-url", slack.apiUrl());

        Result opened = notifier.sample("alarm-cpu-high.json");
        secrets.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
        Result resolved = notifier.sample("alarm-cpu-high-ok.json");

        assertThat(opened.status()).isEqualTo("notified");
        assertThat(opened.delivery().mode()).isEqualTo("bot");
        assertThat(resolved.status()).as("the token was kept from the first read").isEqualTo("notified");
        assertThat(slack.accepted()).extracting(SlackStandIn.Request::authorization).containsOnly("Bearer " + SlackStandIn.TOKEN);
        assertNeverShown(SlackStandIn.TOKEN, json.writeValueAsString(opened.raw()), json.writeValueAsString(resolved.raw()));
    }

    @Test
    void aWebhookUrlFromTheSecretIsUsedAsIsAndNeverShown() throws IOException {
        notifier = viaSecret(createSecret(slack.webhookUrl()));

        Result opened = notifier.sample("alarm-unhealthy-hosts.json");

        assertThat(opened.status()).isEqualTo("notified");
        assertThat(opened.delivery().mode()).isEqualTo("webhook");
        assertThat(slack.accepted("webhook")).hasSize(1);
        assertNeverShown("StandInWebhookSecret", json.writeValueAsString(opened.raw()));
    }

    @Test
    void aMissingSecretIsAClearErrorAndTheNoticeWaitsUntilTheSecretExists() {
        String arn = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:buddyverse-ops/slack-AbCdEf";
        notifier = viaSecret(arn).with("slack.api-url", slack.apiUrl());

        Result opened = notifier.sample("alarm-cpu-high.json");

        assertThat(opened.status()).isEqualTo("queued");
        assertThat(opened.change()).isEqualTo("opened");
        assertThat(opened.delivery().mode()).isEqualTo("none");
        assertThat(opened.delivery().pending()).isEqualTo(1);
        String expected = "the Slack secret " + arn + " does not exist: check SLACK_SECRET_ARN (the template's SlackSecretArn"
                + " parameter) and create it holding {\"botToken\": \"xoxb-...\"} or {\"webhookUrl\":"
                + " \"https://hooks.slack.com/services/...\"} (or the bare token or URL)";
        assertThat(opened.delivery().errors()).containsExactly(expected);
        assertThat(logs.list).anySatisfy(line -> assertThat(line.getFormattedMessage()).contains(expected));
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).hasSize(1);

        String created = createSecret("{\"botToken\": \"" + SlackStandIn.TOKEN + "\"}");
        notifier.with("slack.secret-arn", created);
        Result tick = notifier.invoke(notifier.container(), Notifier.sampleEvent("outbox-delivery-tick.json"));

        assertThat(tick.status()).isEqualTo("delivered");
        assertThat(slack.roots()).hasSize(1);
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void aSecretHoldingNeitherATokenNorAWebhookIsAClearErrorThatDoesNotRepeatTheSecret() throws IOException {
        notifier = viaSecret(createSecret("hunter2-not-a-token"));

        Result opened = notifier.sample("alarm-cpu-high.json");

        assertThat(opened.status()).isEqualTo("queued");
        assertThat(opened.delivery().errors()).singleElement().asString()
                .contains("holds neither a Slack bot token (xoxb-...) nor a webhook URL");
        assertNeverShown("hunter2", json.writeValueAsString(opened.raw()));
    }

    @Test
    void aSecretThatIsBrokenJsonIsAClearError() {
        notifier = viaSecret(createSecret("{\"botToken\": \"xoxb-1"));

        Result opened = notifier.sample("alarm-cpu-high.json");

        assertThat(opened.delivery().errors()).singleElement().asString().contains("starts like JSON but is not valid JSON");
    }

    @Test
    void noCredentialsAtAllIsAClearError() {
        notifier = new Notifier();

        Result opened = notifier.sample("alarm-cpu-high.json");

        assertThat(opened.status()).isEqualTo("queued");
        assertThat(opened.delivery().errors()).singleElement().asString()
                .startsWith("no Slack credentials: set SLACK_SECRET_ARN to a Secrets Manager secret");
    }

    @Test
    void aTokenSlackRefusesKeepsTheNoticeUntilTheSecretIsFixed() throws IOException {
        String arn = createSecret("{\"botToken\": \"xoxb-0000-revoked-DoNotLogEither\"}");
        notifier = viaSecret(arn).with("slack.api-url", slack.apiUrl());

        Result refused = notifier.sample("alarm-unhealthy-hosts.json");
        secrets.putSecretValue(b -> b.secretId(arn).secretString("{\"botToken\": \"" + SlackStandIn.TOKEN + "\"}"));
        Result tick = notifier.tick();

        assertThat(refused.status()).isEqualTo("queued");
        assertThat(refused.delivery().errors()).singleElement().asString().isEqualTo("Buddy-Unhealthy-Hosts: chat.postMessage"
                + " answered ok=false, error 'invalid_auth': check the bot token's scopes (chat:write) and that the bot is in"
                + " the channel");
        assertThat(tick.status()).as("credentials Slack refused are read again").isEqualTo("delivered");
        assertThat(slack.roots()).hasSize(1);
        assertNeverShown("DoNotLogEither", json.writeValueAsString(refused.raw()), json.writeValueAsString(tick.raw()));
    }

    @Test
    void aWebhookThatNoLongerExistsIsAConfigurationErrorWithoutItsUrl() throws IOException {
        notifier = new Notifier().with("slack.webhook-url", slack.webhookUrl().replace("StandInWebhookSecret", "Gone"));

        Result opened = notifier.sample("alarm-cpu-high.json");

        assertThat(opened.status()).isEqualTo("queued");
        assertThat(opened.delivery().errors()).singleElement().asString()
                .isEqualTo("Buddy-CPU-High: the webhook answered HTTP 404 (no_service): check the Slack credentials and the channel");
        assertNeverShown("services/T0BUDDY00", json.writeValueAsString(opened.raw()));
    }

    private Notifier viaSecret(String arn) {
        return new Notifier().with("slack.secret-arn", arn);
    }

    private String createSecret(String value) {
        return secrets.createSecret(b -> b.name(SECRET + "-" + Math.abs(value.hashCode())).secretString(value)).arn();
    }

    private void assertNeverShown(String secret, String... results) {
        for (String result : results) {
            assertThat(result).doesNotContain(secret);
        }
        List<String> lines = logs.list.stream().map(line -> line.getFormattedMessage()
                + (line.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(line.getThrowableProxy()))).toList();
        assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(secret));
    }
}
