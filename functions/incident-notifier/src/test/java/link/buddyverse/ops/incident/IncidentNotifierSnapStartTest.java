package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * IncidentNotifierFunction under SnapStart: the snapshot (priming, the Slack SDK's request path included) calls
 * neither AWS nor Slack and holds nothing a restored container must not share, and the DynamoDB and Slack clients
 * built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class IncidentNotifierSnapStartTest {

    SlackStandIn slack;
    Notifier notifier;

    @BeforeEach
    void slackAndTable() {
        OpsStateTableSchema.createIfMissing(new AwsClients().build(DynamoDbClient.builder()), Notifier.TABLE);
        slack = SlackStandIn.start();
        notifier = Notifier.bot(slack);
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    /** As Lambda builds it: the system clock, not the notifier fixture's test clock (which holds a time by design). */
    private IncidentNotifierHandler lambdaContainer() {
        return OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of("ops.state-table", Notifier.TABLE,
                "slack.bot-token", SlackStandIn.TOKEN, "slack.api-url", slack.apiUrl())), IncidentNotifierHandler::new);
    }

    @Test
    void primingCallsNeitherAwsNorSlack(Gateway gateway) throws Exception {
        try (IncidentNotifierHandler handler = lambdaContainer()) {
            gateway.calls().clear();

            SnapStartCheck.checkpoint(handler);

            assertThat(gateway.calls().all()).isEmpty();
            assertThat(slack.requests()).isEmpty();
        }
    }

    @Test
    void theSnapshotHoldsNoTimeIdOrRandomSequence() throws Exception {
        try (IncidentNotifierHandler handler = lambdaContainer()) {
            SnapStartCheck.checkpoint(handler);

            assertThat(SnapStartCheck.uniqueValuesHeld(handler.getApplicationContext())).isEmpty();
        }
    }

    @Test
    void afterARestoreTheClientsRecordTheIncidentAndPostToSlack() throws Exception {
        IncidentNotifierHandler handler = notifier.first();
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        Result result = notifier.sample("alarm-cpu-high.json");

        assertThat(result.status()).isEqualTo("notified");
        assertThat(slack.accepted("chat.postMessage")).hasSize(1);
    }
}
