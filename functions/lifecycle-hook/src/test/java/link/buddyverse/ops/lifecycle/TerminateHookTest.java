package link.buddyverse.ops.lifecycle;

import static link.buddyverse.ops.lifecycle.HookWorld.TERMINATE_HOOK;
import static link.buddyverse.ops.lifecycle.HookWorld.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.RunCommand.Script;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An instance leaves only after it drains: the terminate hook against moto through the gateway. */
@ExtendWith(MotoExtension.class)
class TerminateHookTest {

    HookWorld world;
    String instance;

    @BeforeEach
    void theWebTierWithItsHooks(Gateway gateway) {
        world = new HookWorld(gateway);
        instance = world.instances().get(1);
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aDrainingInstanceIsContinuedOnceItsTargetHasLeftDraining() {
        LifecycleHookHandler function = world.container();
        world.registerAndDrain(instance);

        OpsResult first = world.invoke(function, world.pauseAt(TERMINATE_HOOK, instance));

        assertThat(first.plan()).extracting(a -> a.action()).containsExactly("SendRecheck");
        assertThat(first.notes().get(0)).contains("is draining");
        assertThat(world.lifecycleState(instance)).isEqualTo("Terminating:Wait");

        world.clock.advance(Duration.ofSeconds(15));
        world.gateway.played().targetHealth().clear(instance);
        OpsResult drained = only(world.invoke(function, world.lastRecheck()));

        assertThat(drained.plan()).singleElement().satisfies(a -> {
            assertThat(a.after()).isEqualTo("CONTINUE");
            assertThat(a.reason()).contains("has drained (unused");
        });
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
        assertThat(world.lifecycleState(instance)).isNotEqualTo("Terminating:Wait");
    }

    @Test
    void drainingPastTheDeregistrationDelayAndItsGraceIsContinuedAnywayWithAWarning() {
        LifecycleHookHandler function = world.container();
        world.registerAndDrain(instance);
        world.invoke(function, world.pauseAt(TERMINATE_HOOK, instance));

        OpsResult last = null;
        for (int round = 0; round < 10 && world.answers("CONTINUE") == 0; round++) {
            world.clock.advance(Duration.ofSeconds(15));
            last = only(world.invoke(function, world.lastRecheck()));
        }

        assertThat(last.plan()).singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("CONTINUE"));
        assertThat(last.warnings()).singleElement().asString().contains("still draining").contains("90 s");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
    }

    @Test
    void aConfiguredFlushRunsAfterDrainingAndItsFailureIsReportedNotFatal() {
        LifecycleHookHandler function = world.container(Map.of("lifecycle.flush-command", "/usr/local/bin/flush-uploads"));
        world.gateway.played().runCommand().script(instance, Script.failed("s3: access denied", 1));

        OpsResult drained = world.invoke(function, world.pauseAt(TERMINATE_HOOK, instance));
        assertThat(drained.plan()).extracting(a -> a.action()).containsExactly("SendShellCommand", "SendRecheck");
        assertThat(world.gateway.calls().last("ssm", "SendCommand").parameters()).contains("flush-uploads");

        world.clock.advance(Duration.ofSeconds(15));
        OpsResult flushed = only(world.invoke(function, world.lastRecheck()));

        assertThat(flushed.plan()).singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("CONTINUE"));
        assertThat(flushed.warnings()).singleElement().asString().contains("did not succeed").contains("access denied");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
    }
}
