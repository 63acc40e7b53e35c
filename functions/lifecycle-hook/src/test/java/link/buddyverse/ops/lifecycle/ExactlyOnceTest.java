package link.buddyverse.ops.lifecycle;

import static link.buddyverse.ops.lifecycle.HookWorld.LAUNCH_HOOK;
import static link.buddyverse.ops.lifecycle.HookWorld.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.RunCommand.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every answer exactly once, whatever AWS delivers twice, refuses or throttles; bad input never loops. */
@ExtendWith(MotoExtension.class)
class ExactlyOnceTest {

    HookWorld world;
    String instance;

    // Two attempts per SDK call instead of the kit's four: "past the SDK's retries" comes the same, sooner.
    @BeforeAll
    static void fewerSdkAttempts() {
        System.setProperty("aws.maxAttempts", "2");
    }

    @AfterAll
    static void usualSdkAttempts() {
        System.clearProperty("aws.maxAttempts");
    }

    @BeforeEach
    void theWebTierWithItsHooks(Gateway gateway) {
        world = new HookWorld(gateway);
        instance = world.instances().get(0);
        gateway.played().runCommand().script(instance, Script.success("READY"));
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aDuplicateEventIsAnsweredFromTheRecordAndStartsNoSecondCheck() {
        LifecycleHookHandler function = world.container();
        String event = world.pauseAt(LAUNCH_HOOK, instance);

        world.invoke(function, event);
        OpsResult duplicate = world.invoke(function, event);

        assertThat(duplicate.status()).isEqualTo("duplicate");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isEqualTo(1);
        assertThat(world.gateway.calls().count("sqs", "SendMessage")).isEqualTo(1);
    }

    @Test
    void theSameEventOnTwoContainersAtOnceActsOnce() throws Exception {
        LifecycleHookHandler first = world.container();
        LifecycleHookHandler second = world.container();
        String event = world.pauseAt(LAUNCH_HOOK, instance);
        world.gateway.faults().on("ssm", "SendCommand").delay(Duration.ofMillis(1500)).nextCalls(1);

        CompletableFuture<OpsResult> one = CompletableFuture.supplyAsync(() -> world.invoke(first, event));
        for (int i = 0; i < 200 && world.gateway.calls().count("ssm", "SendCommand") == 0; i++) {
            Thread.sleep(25);
        }
        OpsResult other = world.invoke(second, event);

        assertThat(other.status()).isEqualTo("duplicate");
        assertThat(one.join().status()).isEqualTo("applied");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isEqualTo(1);
        assertThat(world.gateway.calls().count("sqs", "SendMessage")).isEqualTo(1);
    }

    @Test
    void aStaleTokenRefusedWithNoActiveLifecycleActionEndsAsDoneWithANoteNeverARetry() {
        LifecycleHookHandler function = world.container();
        world.gateway.played().lifecycle().pause(link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP, instance, LAUNCH_HOOK);
        String stale = world.lifecycleEvent(LAUNCH_HOOK, instance, "0badc0de-0000-4000-8000-000000000000", "stale-event");
        world.invoke(function, stale);
        world.clock.advance(Duration.ofSeconds(20));

        OpsResult refused = only(world.invoke(function, world.lastRecheck()));

        assertThat(refused.status()).isEqualTo("skipped");
        assertThat(refused.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("skipped");
            assertThat(o.detail()).contains("No active Lifecycle Action found").contains("nothing left to do");
        });
        assertThat(world.invoke(function, world.lastRecheck()).batchItemFailures()).isEmpty();
        assertThat(world.gateway.calls().count("autoscaling", "CompleteLifecycleAction")).isEqualTo(1);
    }

    @Test
    void anAnswerThrottledPastTheSdkRetriesIsRedeliveredAndAnsweredExactlyOnce() {
        LifecycleHookHandler function = world.container();
        world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));
        world.clock.advance(Duration.ofSeconds(20));
        String recheck = world.lastRecheck();
        world.gateway.faults().on("autoscaling", "CompleteLifecycleAction").throttle().always();

        OpsResult throttled = world.invoke(function, recheck);

        assertThat(throttled.batchItemFailures()).singleElement().satisfies(f -> assertThat(f.itemIdentifier()).isEqualTo("m-1"));
        assertThat(world.lifecycleState(instance)).isEqualTo("Pending:Wait");

        world.gateway.faults().clear();
        OpsResult redelivered = world.invoke(world.container(), recheck);

        assertThat(redelivered.batchItemFailures()).isEmpty();
        assertThat(only(redelivered).plan()).singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("CONTINUE"));
        assertThat(world.lifecycleState(instance)).isEqualTo("InService");
        assertThat(world.answers("CONTINUE")).isEqualTo(1);
        assertThat(only(world.invoke(function, recheck)).status()).isEqualTo("duplicate");
    }

    @Test
    void theHooksTestNotificationIsSkippedQuietly() {
        OpsResult result = only(world.invoke(world.container(), SampleEvents.read("lifecycle-hook", "test-notification.json")));

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("TEST_NOTIFICATION");
        assertThat(world.gateway.calls().count("eventbridge", "PutEvents")).isZero();
    }

    @Test
    void anotherGroupsLifecycleActionIsSkippedQuietly() {
        String other = world.pauseAt(LAUNCH_HOOK, instance).replace("\"Buddy-AutoScaling-Group\"", "\"Other-Group\"");

        OpsResult result = world.invoke(world.container(), other);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("Other-Group");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isZero();
    }

    @Test
    void malformedEventsAreRejectedOrSkippedNeverRetried() {
        LifecycleHookHandler function = world.container();
        String noToken = world.pauseAt(LAUNCH_HOOK, instance).replaceAll("\"LifecycleActionToken\": \"[^\"]*\",", "");

        OpsResult rejected = world.invoke(function, noToken);
        OpsResult badRecheck = world.invoke(function, world.sqsBatch("{\"source\":\"buddyverse.ops\",\"recheck\":{\"id\":\"x/recheck-1\","
                + "\"function\":\"LifecycleHookFunction\",\"subject\":\"" + instance + "\",\"attempt\":1,\"origin\":\"x\",\"data\":{\"group\":\"Buddy-AutoScaling-Group\"}}}"));
        OpsResult notJson = world.invoke(function, world.sqsBatch("not json"));

        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.reason()).contains("LifecycleActionToken");
        assertThat(only(badRecheck).status()).isEqualTo("skipped");
        assertThat(only(badRecheck).reason()).contains("malformed re-check").contains("'hook'");
        assertThat(only(notJson).status()).isEqualTo("rejected");
        assertThat(badRecheck.batchItemFailures()).isEmpty();
        assertThat(notJson.batchItemFailures()).isEmpty();
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isZero();
    }

    @Test
    void dryRunPlansAndReportsButAnswersNothing() {
        LifecycleHookHandler function = world.container(Map.of("ops.dry-run", true));

        OpsResult result = world.invoke(function, world.pauseAt(LAUNCH_HOOK, instance));

        assertThat(result.status()).isEqualTo("dry-run");
        assertThat(result.plan()).extracting(a -> a.action()).containsExactly("SendShellCommand", "SendRecheck");
        assertThat(world.gateway.calls().count("ssm", "SendCommand")).isZero();
        assertThat(world.gateway.calls().count("sqs", "SendMessage")).isZero();
        assertThat(world.gateway.calls().count("autoscaling", "CompleteLifecycleAction")).isZero();
        assertThat(world.lifecycleState(instance)).isEqualTo("Pending:Wait");
    }
}
