package link.buddyverse.ops.lifecycle;

import static link.buddyverse.ops.lifecycle.HookWorld.LAUNCH_HOOK;
import static link.buddyverse.ops.lifecycle.HookWorld.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.RunCommand.Script;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new instance joins the web tier only when it serves: the launch hook against moto through the gateway, whose
 * played lifecycle holds the instance in Pending:Wait and whose scripted SSM answers play the instance's check.
 */
@ExtendWith(MotoExtension.class)
class LaunchHookTest {

    HookWorld world;
    LifecycleHookHandler function;
    String instance;

    @BeforeEach
    void theWebTierWithItsHooks(Gateway gateway) {
        world = new HookWorld(gateway);
        function = world.container();
        instance = world.instances().get(0);
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void anInstanceHealthyAtOnceIsContinuedAtTheFirstRecheck() {
        world.gateway.played().runCommand().script(instance, Script.success("cloud-init: done\napache: HTTP 200\nefs: mounted\nREADY"));
        String event = world.pauseAt(LAUNCH_HOOK, instance);
        assertThat(world.lifecycleState(instance)).isEqualTo("Pending:Wait");

        OpsResult first = world.invoke(function, event);

        assertThat(first.status()).isEqualTo("applied");
        assertThat(first.plan()).extracting(a -> a.action()).containsExactly("SendShellCommand", "SendRecheck");
        assertThat(world.gateway.calls().last("ssm", "SendCommand").parameters()).contains("/health.html").contains("/mnt/efs");
        assertThat(world.lifecycleState(instance)).isEqualTo("Pending:Wait");

        world.clock.advance(Duration.ofSeconds(20));
        OpsResult recheck = only(world.invoke(function, world.lastRecheck()));

        assertThat(recheck.status()).isEqualTo("applied");
        assertThat(recheck.plan()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("CompleteLifecycleAction");
            assertThat(a.after()).isEqualTo("CONTINUE");
            assertThat(a.reason()).contains("serves");
        });
        assertThat(world.lifecycleState(instance)).isEqualTo("InService");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
        assertThat(world.opsEvents()).contains("CompleteLifecycleAction");
    }

    @Test
    void anInstanceHealthyAfterTwoRechecksWaitsInPendingWaitUntilThen() {
        world.gateway.played().runCommand().script(instance, Script.failed("", 3).withOutput("cloud-init: running\nNOT READY"));
        String event = world.pauseAt(LAUNCH_HOOK, instance);
        world.invoke(function, event);

        for (int round = 1; round <= 2; round++) {
            world.clock.advance(Duration.ofSeconds(20));
            OpsResult notYet = only(world.invoke(function, world.lastRecheck()));
            assertThat(notYet.plan()).extracting(a -> a.action()).contains("SendShellCommand", "SendRecheck")
                    .doesNotContain("CompleteLifecycleAction");
            assertThat(notYet.notes().get(0)).contains("not serving yet").contains("exit 3");
            assertThat(world.lifecycleState(instance)).isEqualTo("Pending:Wait");
        }
        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        world.clock.advance(Duration.ofSeconds(20));
        world.invoke(function, world.lastRecheck());
        world.clock.advance(Duration.ofSeconds(20));
        OpsResult ready = only(world.invoke(function, world.lastRecheck()));

        assertThat(ready.plan()).singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("CONTINUE"));
        assertThat(world.lifecycleState(instance)).isEqualTo("InService");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isEqualTo(4);
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
    }

    @Test
    void anAgentNotYetOnlineIsNotReadyYetThenTheInstanceIsContinued() {
        world.gateway.played().runCommand().unregistered(instance);
        OpsResult first = world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));

        assertThat(first.outcomes()).filteredOn(o -> o.action().equals("SendShellCommand")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("skipped");
            assertThat(o.detail()).contains("InvalidInstanceId").contains("not registered yet");
        });
        assertThat(first.outcomes()).filteredOn(o -> o.action().equals("SendRecheck")).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo("applied"));

        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        world.clock.advance(Duration.ofSeconds(20));
        OpsResult resent = only(world.invoke(function, world.lastRecheck()));
        assertThat(resent.plan().get(0).reason()).contains("not registered yet");
        world.clock.advance(Duration.ofSeconds(20));
        only(world.invoke(function, world.lastRecheck()));

        assertThat(world.lifecycleState(instance)).isEqualTo("InService");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
    }

    @Test
    void theReadinessCheckReachesTheInstanceOnlyThroughItsInstanceProfile() {
        assertThat(world.gateway.played().runCommand().managedNodes().whyNotManaged(instance, "ap-northeast-2")).isEmpty();
        world.withoutInstanceProfile(instance);
        assertThat(world.gateway.played().runCommand().managedNodes().whyNotManaged(instance, "ap-northeast-2"))
                .hasValue(instance + " has no instance profile");
    }

    @Test
    void anInstanceWithoutAnInstanceProfileIsNoManagedNodeAndGetsTheHooksDefaultResultLongBeforeItsBudget() {
        world.withoutInstanceProfile(instance);
        // Scripted as if it served: SSM never lets the check reach it all the same.
        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        OpsResult first = world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));
        assertThat(first.outcomes()).filteredOn(o -> o.action().equals("SendShellCommand")).singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("InvalidInstanceId"));

        OpsResult last = first;
        int rounds = 0;
        while (world.lifecycleState(instance).equals("Pending:Wait") && rounds < 20) {
            world.clock.advance(Duration.ofSeconds(20));
            last = only(world.invoke(function, world.lastRecheck()));
            rounds++;
        }

        assertThat(rounds).as("rounds of 20 s before the answer").isLessThanOrEqualTo(9);
        assertThat(last.plan()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("CompleteLifecycleAction");
            assertThat(a.after()).isEqualTo("CONTINUE");
            assertThat(a.reason()).contains("not an SSM managed node").contains("AmazonSSMManagedInstanceCore")
                    .contains("DefaultResult");
        });
        assertThat(last.warnings()).anySatisfy(w -> assertThat(w).contains("not an SSM managed node"));
        assertThat(world.opsEvents()).contains("not an SSM managed node");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
        assertThat(world.answers("ABANDON")).isZero();
        assertThat(world.gateway.played().runCommand().sent()).as("commands that reached the instance").isEmpty();
    }

    @Test
    void anInstanceNeverHealthyIsKeptAliveByHeartbeatsThenAbandonedWhenItsBudgetIsSpent() {
        world.gateway.played().runCommand().script(instance, Script.failed("", 3).withOutput("cloud-init: running\nNOT READY"));
        world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));

        OpsResult last = null;
        for (int round = 0; round < 20 && world.lifecycleState(instance).equals("Pending:Wait"); round++) {
            // Each re-check arrives 50 s after its 20 s delay (within the 60 s margin): over 900 s, three times
            // the hook's 5-minute timeout, only the heartbeats keep the wait alive.
            world.clock.advance(Duration.ofSeconds(70));
            last = only(world.invoke(function, world.lastRecheck()));
        }

        assertThat(last.plan()).singleElement().satisfies(a -> {
            assertThat(a.after()).isEqualTo("ABANDON");
            assertThat(a.reason()).contains("within its budget of 900 s").contains("NOT READY");
        });
        assertThat(world.gateway.calls().count("autoscaling", "RecordLifecycleActionHeartbeat")).isGreaterThanOrEqualTo(3);
        assertThat(world.answers("ABANDON")).isEqualTo(1);
        assertThat(world.lifecycleState(instance)).isNotEqualTo("InService");
    }

    @Test
    void anInstanceFailedForGoodIsAbandonedAndTheOpsEventCarriesTheCheckOutput() {
        world.gateway.played().runCommand().script(instance, Script.failed("apache2.service: Failed with result 'exit-code'", 2)
                .withOutput("cloud-init: done\napache: HTTP 000 on /health.html (expected 200)\nefs: /mnt/efs not mounted"));
        world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));
        world.clock.advance(Duration.ofSeconds(20));

        OpsResult result = only(world.invoke(function, world.lastRecheck()));

        assertThat(result.plan()).singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("ABANDON"));
        assertThat(result.warnings()).singleElement().asString().contains("failed for good").contains("/mnt/efs not mounted")
                .contains("apache2.service");
        assertThat(world.opsEvents()).contains("ABANDON").contains("/mnt/efs not mounted");
        assertThat(world.answers("ABANDON")).isEqualTo(1);
    }

    @Test
    void aLostLaunchEventIsPickedUpByTheSweepWhichAnswersByInstanceId() {
        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        world.gateway.played().lifecycle().pause(link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP, instance, LAUNCH_HOOK);

        OpsResult sweep = world.invoke(function, link.buddyverse.ops.kit.testing.SampleEvents.read("lifecycle-hook", "scheduled-sweep.json"));

        assertThat(sweep.notes()).anySatisfy(n -> assertThat(n).contains(instance).contains("never arrived"));
        // A wait found without its event has an unknown heartbeat: the first round records one.
        assertThat(sweep.plan()).extracting(a -> a.action())
                .containsExactly("SendShellCommand", "RecordLifecycleHeartbeat", "SendRecheck");

        OpsResult again = world.invoke(function, link.buddyverse.ops.kit.testing.SampleEvents.withId(
                link.buddyverse.ops.kit.testing.SampleEvents.read("lifecycle-hook", "scheduled-sweep.json"), "next-tick"));
        assertThat(again.notes()).anySatisfy(n -> assertThat(n).contains("looked after by"));
        assertThat(again.plan()).isEmpty();

        world.clock.advance(Duration.ofSeconds(20));
        only(world.invoke(function, world.lastRecheck()));

        assertThat(world.lifecycleState(instance)).isEqualTo("InService");
        assertThat(world.gateway.calls().last("autoscaling", "CompleteLifecycleAction").parameter("InstanceId")).isEqualTo(instance);
    }

    @Test
    void aRecheckForAnActionAlreadyFinishedStopsQuietly() {
        world.gateway.played().runCommand().script(instance, Script.success("READY"));
        world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));
        String recheck = world.lastRecheck();
        world.clock.advance(Duration.ofSeconds(20));
        world.invoke(function, recheck);
        int opsEvents = world.gateway.calls().count("eventbridge", "PutEvents");

        OpsResult late = only(world.invoke(function, world.sqsBatch(
                world.gateway.calls().of("sqs", "SendMessage").get(0).parameter("MessageBody").replace("recheck-1", "recheck-1-redelivered"))));

        assertThat(late.status()).isEqualTo("no-action");
        assertThat(late.reason()).contains("InService").contains("is over");
        assertThat(world.gateway.calls().count("eventbridge", "PutEvents")).isEqualTo(opsEvents);
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
    }
}
