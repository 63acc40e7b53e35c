package link.buddyverse.ops.incident.delivery;

import link.buddyverse.ops.incident.IncidentNotifierHandler;
import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.localslack.SlackStandIn.Fault;
import link.buddyverse.ops.localslack.SlackStandIn.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Nothing lost, nothing doubled: the same event twice, the same event in several containers at once, races on
 * one incident, and Slack down (500), rate limiting (429 with Retry-After) and hanging, then back.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class DeliveryGuaranteesTest {

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
        notifier = Notifier.bot(slack);
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    @Test
    void theSameEventDeliveredTwiceNotifiesOnce() {
        Result first = notifier.sample("alarm-cpu-high.json");
        Result second = notifier.sample("alarm-cpu-high.json");

        assertThat(first.status()).isEqualTo("notified");
        assertThat(second.status()).isEqualTo("duplicate");
        assertThat(second.incident()).isEqualTo(first.incident());
        assertThat(slack.accepted()).hasSize(1);
    }

    @Test
    void theSameEventInSixContainersAtOnceNotifiesOnce() throws Exception {
        List<Result> results = concurrently(6, i -> Notifier.sampleEvent("ops-action-failed.json"));

        assertThat(results).extracting(Result::status).containsOnlyOnce("notified")
                .filteredOn(status -> !status.equals("notified")).containsOnly("duplicate");
        assertThat(slack.roots()).hasSize(1);
        assertThat(slack.accepted()).hasSize(1);
    }

    @Test
    void differentAlarmEventsRacingForOneAlarmOpenOneIncident() throws Exception {
        String event = Notifier.sampleEvent("alarm-unhealthy-hosts.json");

        List<Result> results = concurrently(6, i -> SampleEvents.withId(event, uuid(i)));

        assertThat(results).extracting(Result::change).containsOnlyOnce("opened")
                .filteredOn(change -> !change.equals("opened")).containsOnly("repeat");
        assertThat(slack.roots()).hasSize(1);
        assertThat(slack.accepted()).hasSize(1);
    }

    @Test
    void actionsRacingOnOneIncidentAreEachThreadedOnceInTheOrderTheyWereRecorded() throws Exception {
        notifier.sample("alarm-cpu-high.json");
        String action = Notifier.sampleEvent("ops-action-applied.json");

        List<Result> results = concurrently(8, i -> SampleEvents.withId(action, uuid(i))
                .replace("\"after\": \"3\"", "\"after\": \"" + (10 + i) + "\""));
        notifier.tick();

        assertThat(results).extracting(Result::change).containsOnly("action-recorded");
        String ts = slack.roots().get(0).ts();
        List<String> threaded = slack.repliesTo(ts).stream().map(r -> r.text().replaceAll("(?s).*2 → (\\d+).*", "$1")).toList();
        assertThat(threaded).hasSize(8).doesNotHaveDuplicates();
        Request last = slack.updatesOf(ts).get(slack.updatesOf(ts).size() - 1);
        List<String> recorded = last.block("actions").lines().filter(line -> line.startsWith("•"))
                .map(line -> line.replaceAll(".*2 → (\\d+).*", "$1")).toList();
        assertThat(threaded).containsExactlyElementsOf(recorded);
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void whileSlackIsDownNoticesWaitInTheOutboxAndArriveOnceInOrderWhenItIsBack() {
        slack.down(Fault.serverError());
        notifier.sample("alarm-cpu-high.json");
        notifier.clock.advance(Duration.ofSeconds(2));
        String action = Notifier.sampleEvent("ops-action-applied.json");
        for (int i = 0; i < 3; i++) {
            notifier.invoke(SampleEvents.withId(action, uuid(i)).replace("\"after\": \"3\"", "\"after\": \"" + (3 + i) + "\""));
        }
        notifier.clock.set(Notifier.START.plusSeconds(750));
        Result resolved = notifier.sample("alarm-cpu-high-ok.json");
        Result tickWhileDown = notifier.tick();

        assertThat(resolved.status()).isEqualTo("queued");
        assertThat(resolved.delivery().errors()).singleElement().asString()
                .startsWith("Buddy-CPU-High: chat.postMessage answered HTTP 500");
        assertThat(tickWhileDown.status()).isEqualTo("queued");
        assertThat(slack.accepted()).isEmpty();
        // The open message and two notices per action and per resolution: nothing lost while Slack was down.
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#Buddy-CPU-High#")).hasSize(1 + 2 * 3 + 2);
        Map<String, AttributeValue> first = notice("Buddy-CPU-High", 0);
        assertThat(first.get("attempts").n()).isEqualTo("6");
        assertThat(first.get("lastError").s()).isEqualTo("chat.postMessage answered HTTP 500");

        slack.up();
        notifier.clock.advance(Duration.ofMinutes(1));
        Result back = notifier.tick();

        assertThat(back.status()).isEqualTo("delivered");
        assertThat(back.delivery().pending()).isZero();
        Request message = single(slack.roots());
        // Posted once Slack was back, it shows the incident as it is: resolved, with its three actions.
        assertThat(message.block("title")).isEqualTo(":white_check_mark: Resolved: Buddy-CPU-High");
        assertThat(message.block("actions").lines().filter(line -> line.startsWith("•"))).hasSize(3);
        assertThat(slack.repliesTo(message.ts())).extracting(Request::text).satisfiesExactly(
                r -> assertThat(r).contains("2 → 3"), r -> assertThat(r).contains("2 → 4"), r -> assertThat(r).contains("2 → 5"),
                r -> assertThat(r).startsWith(":white_check_mark: Resolved after 12m 30s"));
        assertThat(slack.accepted("chat.update")).isEmpty();
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void aRateLimitIsHonouredUntilItsRetryAfterAndThenEverythingArrivesOnce() {
        slack.failNext(1, Fault.rateLimited(30));
        Result limited = notifier.sample("alarm-cpu-high.json");
        int requestsSoFar = slack.requests().size();

        notifier.clock.advance(Duration.ofSeconds(20));
        Result tooEarly = notifier.tick();

        assertThat(limited.status()).isEqualTo("queued");
        assertThat(limited.delivery().retryAt()).isEqualTo("2026-11-25T08:00:30Z");
        assertThat(limited.delivery().errors()).singleElement().asString()
                .isEqualTo("Buddy-CPU-High: chat.postMessage answered HTTP 429 (ratelimited); Retry-After 30 s");
        assertThat(tooEarly.status()).isEqualTo("queued");
        assertThat(slack.requests()).hasSize(requestsSoFar);

        notifier.clock.advance(Duration.ofSeconds(11));
        Result after = notifier.tick();

        assertThat(after.status()).isEqualTo("delivered");
        assertThat(slack.roots()).hasSize(1);
    }

    @Test
    void aHangingSlackTimesOutAndTheNoticeArrivesOnceLater() {
        slack.failNext(1, Fault.hang());
        Result hung = notifier.sample("alarm-unhealthy-hosts.json");

        assertThat(hung.status()).isEqualTo("queued");
        assertThat(hung.delivery().errors()).singleElement().asString()
                .startsWith("Buddy-Unhealthy-Hosts: chat.postMessage did not answer: ");
        assertThat(slack.accepted()).isEmpty();

        Result later = notifier.tick();

        assertThat(later.status()).isEqualTo("delivered");
        assertThat(slack.roots()).hasSize(1);
    }

    @Test
    void slackAcceptsAMessageAndAnswersLateExactlyOneMessage() {
        slack.failNext(1, Fault.answersLate());
        Result late = notifier.sample("alarm-cpu-high.json");

        assertThat(late.status()).isEqualTo("queued");
        assertThat(late.delivery().errors()).singleElement().asString()
                .startsWith("Buddy-CPU-High: chat.postMessage did not answer: ");
        // Slack has it all the same; the notice says an attempt got no answer.
        assertThat(slack.roots()).hasSize(1);
        Map<String, AttributeValue> notice = notice("Buddy-CPU-High", 0);
        assertThat(notice.get("unanswered").bool()).isTrue();
        assertThat(notice).containsKey("sentAt");

        notifier.clock.advance(Duration.ofMinutes(1));
        Result tick = notifier.tick();

        assertThat(tick.status()).isEqualTo("delivered");
        Request message = single(slack.roots());
        assertThat(slack.calls("conversations.history")).singleElement()
                .satisfies(lookup -> assertThat(lookup.channel()).isEqualTo("C0WARNING"));
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(message.noticeId()).isEqualTo("Buddy-CPU-High#" + notice.get("id").s());
        assertThat(StateItems.incident(dynamoDb, "Buddy-CPU-High").get("slackTs").s()).isEqualTo(message.ts());
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();

        // The incident goes on in the message found: updated in place, threaded under it.
        notifier.sample("ops-action-applied.json");
        assertThat(slack.roots()).hasSize(1);
        assertThat(slack.updatesOf(message.ts())).hasSize(1);
        assertThat(slack.repliesTo(message.ts())).hasSize(1);
    }

    @Test
    void slackAcceptsAThreadReplyAndAnswersLateExactlyOneReply() {
        notifier.sample("alarm-cpu-high.json");
        String ts = single(slack.roots()).ts();
        slack.answerNextReplyLate();

        Result late = notifier.sample("ops-action-applied.json");

        assertThat(late.status()).isEqualTo("queued");
        assertThat(slack.repliesTo(ts)).hasSize(1);

        notifier.clock.advance(Duration.ofMinutes(1));
        Result tick = notifier.tick();

        assertThat(tick.status()).isEqualTo("delivered");
        assertThat(slack.repliesTo(ts)).singleElement().satisfies(reply ->
                assertThat(reply.text()).contains("SetDesiredCapacity").contains("2 → 3"));
        assertThat(slack.calls("conversations.replies")).singleElement()
                .satisfies(lookup -> assertThat(lookup.ts()).isEqualTo(ts));
        assertThat(slack.calls("conversations.history")).isEmpty();
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void aPostThatNeverReachedSlackIsLookedForThenPostedOnce() {
        slack.failNext(1, Fault.hang());
        notifier.sample("alarm-cpu-high.json");
        assertThat(slack.roots()).isEmpty();

        notifier.tick();

        assertThat(slack.calls("conversations.history")).hasSize(1);
        assertThat(slack.roots()).hasSize(1);
    }

    @Test
    void aPostSlackAnsweredWithAnErrorIsNotLookedForBeforeTheNextAttempt() {
        slack.failNext(1, Fault.serverError());
        notifier.sample("alarm-cpu-high.json");

        notifier.tick();

        assertThat(notice("Buddy-CPU-High", 0, false)).isEmpty();
        assertThat(slack.calls("conversations.history")).isEmpty();
        assertThat(slack.roots()).hasSize(1);
    }

    @Test
    void ticksRacingInSeveralContainersDeliverEachNoticeOnce() throws Exception {
        slack.down(Fault.serverError());
        notifier.sample("alarm-cpu-high.json");
        notifier.sample("ops-action-applied.json");
        notifier.sample("ops-action-dry-run.json");
        notifier.sample("alarm-unhealthy-hosts.json");
        slack.up();

        concurrently(5, i -> SampleEvents.withId(Notifier.sampleEvent("outbox-delivery-tick.json"), uuid(i)));
        notifier.tick();

        assertThat(slack.roots()).hasSize(2);
        assertThat(slack.replies()).hasSize(2);
        assertThat(slack.accepted()).extracting(Request::everything).doesNotHaveDuplicates();
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    /** Runs one event per container, all released at the same moment. */
    private List<Result> concurrently(int count, Function<Integer, String> eventOf) throws Exception {
        List<IncidentNotifierHandler> containers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            containers.add(notifier.container());
        }
        CyclicBarrier start = new CyclicBarrier(count);
        List<CompletableFuture<Result>> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            running.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return notifier.invoke(containers.get(index), eventOf.apply(index));
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
        }
        List<Result> results = new ArrayList<>();
        for (CompletableFuture<Result> result : running) {
            results.add(result.get());
        }
        return results;
    }

    private Map<String, AttributeValue> notice(String thread, long seq) {
        List<Map<String, AttributeValue>> found = notice(thread, seq, true);
        return found.get(0);
    }

    private List<Map<String, AttributeValue>> notice(String thread, long seq, boolean present) {
        String prefix = "outbox#" + thread + "#" + String.format("%010d", seq) + "-";
        List<Map<String, AttributeValue>> found = StateItems.all(dynamoDb).stream()
                .filter(item -> item.get("pk").s().startsWith(prefix)).toList();
        assertThat(found).as("notices %s*", prefix).hasSize(present ? 1 : 0);
        return found;
    }

    static String uuid(int i) {
        return String.format("aaaaaaaa-bbbb-4ccc-8ddd-%012d", i);
    }

    private static Request single(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
