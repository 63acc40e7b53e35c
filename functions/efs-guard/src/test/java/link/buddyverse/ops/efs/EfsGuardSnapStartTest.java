package link.buddyverse.ops.efs;

import static org.assertj.core.api.Assertions.assertThat;

import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EfsGuardFunction under SnapStart: the snapshot (priming) calls no AWS API and holds nothing a restored container
 * must not share, and the clients built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class EfsGuardSnapStartTest {

    BuddyFileSystem buddy;
    EfsGuardHandler handler;

    @BeforeEach
    void buddyEfsAndContainer() {
        buddy = new BuddyFileSystem();
        handler = buddy.container();
    }

    @AfterEach
    void close() {
        buddy.close();
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
    void afterARestoreTheClientsSwitchTheFileSystemToElastic() throws Exception {
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        OpsResult result = SnapStartCheck.invoke(handler, BuddyFileSystem.sample("credits-low-alarm.json", "snapstart-1"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }
}
