package link.buddyverse.ops.replica;

import static link.buddyverse.ops.replica.DatabaseFleet.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ReplicaRotatorFunction under SnapStart: the snapshot (priming) calls no AWS API and holds nothing a restored
 * container must not share, and the clients built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class ReplicaRotatorSnapStartTest {

    DatabaseFleet fleet;
    ReplicaRotatorHandler handler;

    @BeforeEach
    void fleetAndContainer() {
        fleet = new DatabaseFleet(REPLICA);
        // As Lambda builds it: the system clock, not the fleet's test clock (which holds a time by design).
        handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of("ops.state-table", "OpsState")),
                ReplicaRotatorHandler::new);
    }

    @AfterEach
    void close() {
        handler.close();
        fleet.close();
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
    void afterARestoreTheClientsPublishTheReadEndpoints() throws Exception {
        fleet.lag(REPLICA, 1, 0, 2);
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        OpsResult result = SnapStartCheck.invoke(handler, DatabaseFleet.sample("reconcile-schedule.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(fleet.parameter()).contains("\"instance\":\"" + REPLICA + "\"");
    }
}
