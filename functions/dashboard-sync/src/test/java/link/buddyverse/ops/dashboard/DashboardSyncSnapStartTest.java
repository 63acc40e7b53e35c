package link.buddyverse.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DashboardSyncFunction under SnapStart: the snapshot (priming) calls no AWS API and holds nothing a restored
 * container must not share, and the clients built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class DashboardSyncSnapStartTest {

    BuddyverseStack stack;
    DashboardSyncHandler handler;

    @BeforeEach
    void stackAndContainer() {
        AwsClients clients = new AwsClients();
        stack = new BuddyverseStack(clients);
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
        handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of(
                "ops.state-table", "OpsState", "ops.dry-run", false,
                "dashboard.ops-functions", "DashboardSyncFunction=buddyverse-ops-DashboardSync",
                "dashboard.ops-log-groups", "/aws/lambda/buddyverse-ops-DashboardSync",
                "dashboard.dead-letter-queue-name", "buddyverse-ops-DeadLetterQueue")), DashboardSyncHandler::new);
    }

    @AfterEach
    void close() {
        handler.close();
    }

    @Test
    void primingCallsNoAwsApi(Gateway gateway) throws Exception {
        gateway.calls().clear();

        SnapStartCheck.checkpoint(handler);

        assertThat(gateway.calls().all()).isEmpty();
    }

    @Test
    void theSnapshotHoldsNoTimeIdOrRandomSequence() throws Exception {
        SnapStartCheck.checkpoint(handler);

        assertThat(SnapStartCheck.uniqueValuesHeld(handler.getApplicationContext())).isEmpty();
    }

    @Test
    void afterARestoreTheClientsWriteBothDashboards(Gateway gateway) throws Exception {
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        OpsResult result = SnapStartCheck.invoke(handler, SampleEvents.read("dashboard-sync", "hourly-sync.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isEqualTo(2);
    }
}
