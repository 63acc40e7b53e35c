package link.buddyverse.ops.lifecycle;

import static link.buddyverse.ops.lifecycle.HookWorld.LAUNCH_HOOK;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SnapStartCheck;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.RunCommand.Script;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LifecycleHookFunction under SnapStart: the snapshot (priming) calls no AWS API and holds nothing a restored
 * container must not share, and the clients built before it work after a restore.
 */
@ExtendWith(MotoExtension.class)
class LifecycleHookSnapStartTest {

    HookWorld world;

    @BeforeEach
    void webTierWithItsHooks(Gateway gateway) {
        world = new HookWorld(gateway);
    }

    @AfterEach
    void close() {
        world.close();
    }

    /** As Lambda builds it: the system clock, not the world's test clock (which holds a time by design). */
    private LifecycleHookHandler lambdaContainer() {
        return OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of("ops.state-table", "OpsState",
                "lifecycle.recheck-queue-url", world.queueUrl)), LifecycleHookHandler::new);
    }

    @Test
    void primingCallsNoAwsApi(Gateway gateway) throws Exception {
        try (LifecycleHookHandler handler = lambdaContainer()) {
            gateway.calls().clear();

            SnapStartCheck.checkpoint(handler);

            assertThat(gateway.calls().all()).isEmpty();
        }
    }

    @Test
    void theSnapshotHoldsNoTimeIdOrRandomSequence() throws Exception {
        try (LifecycleHookHandler handler = lambdaContainer()) {
            SnapStartCheck.checkpoint(handler);

            assertThat(SnapStartCheck.uniqueValuesHeld(handler.getApplicationContext())).isEmpty();
        }
    }

    @Test
    void afterARestoreTheClientsAskTheInstanceAndSendTheRecheck() throws Exception {
        LifecycleHookHandler handler = world.container();
        String instance = world.instances().get(0);
        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        String event = world.pauseAt(LAUNCH_HOOK, instance);
        SnapStartCheck.checkpoint(handler);
        SnapStartCheck.restore(handler);

        OpsResult result = world.invoke(handler, event);

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.plan()).extracting(a -> a.action()).containsExactly("SendShellCommand", "SendRecheck");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isEqualTo(1);
        assertThat(world.gateway.calls().count("sqs", "SendMessage")).isEqualTo(1);
    }
}
