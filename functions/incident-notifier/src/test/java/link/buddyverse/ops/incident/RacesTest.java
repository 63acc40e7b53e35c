package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
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

/**
 * The notifier's races (issue 20, part 6): Slack taking a post and answering after the client gave up, while
 * another container delivers the same thread; a look-up Slack refuses; an Ops Action that overtakes its
 * alarm's event; a function's "critical:" warning.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class RacesTest {

    static final String STORM = "storm:2026-11-25T08:00";

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    @Test
    void slackAnsweringLateLeavesOneRollUpAndOneReplyPerNoticeWhicheverContainerDeliversNext() throws Exception {
        notifier = Notifier.bot(slack).with("incident.storm-threshold", 2);
        IncidentNotifierHandler first = notifier.container();
        IncidentNotifierHandler second = notifier.container();
        notifier.invoke(first, alarmEvent(0));
        notifier.invoke(second, alarmEvent(1));
        // The storm's roll-up: Slack posts it and answers only after the client's timeout.
        slack.failNext(1, Fault.answersLate());
        Result late = notifier.invoke(first, alarmEvent(2));
        assertThat(late.incident().storm()).isEqualTo(STORM);
        assertThat(late.status()).isEqualTo("queued");
        // The other container's look-up before posting again gets an answer (a 500): the roll-up is still in doubt.
        slack.failNextCall("conversations.history", Fault.serverError());
        notifier.invoke(second, alarmEvent(3));
        notifier.clock.advance(Duration.ofMinutes(1));
        both(notifier::tick, notifier::tick);

        // The same for a reply in the roll-up's thread: taken and answered late, then a look-up answered with a 500.
        slack.answerNextReplyLate();
        notifier.invoke(first, actionOn(2, 0));
        slack.failNextCall("conversations.replies", Fault.serverError());
        notifier.invoke(second, actionOn(3, 1));
        notifier.clock.advance(Duration.ofMinutes(1));
        both(notifier::tick, notifier::tick);
        notifier.clock.advance(Duration.ofMinutes(1));
        both(notifier::tick, notifier::tick);

        List<Request> rollUps = slack.roots().stream().filter(r -> r.block("title").contains("Incident storm")).toList();
        assertThat(rollUps).as("one roll-up").hasSize(1);
        List<Request> replies = slack.repliesTo(rollUps.get(0).ts());
        assertThat(replies).as("one reply per action").hasSize(2);
        assertThat(replies).extracting(Request::text).anySatisfy(text -> assertThat(text).contains(alarm(2)))
                .anySatisfy(text -> assertThat(text).contains(alarm(3)));
        assertThat(slack.calls("conversations.history")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(slack.calls("conversations.replies")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void aLookUpSlackRefusesStillDeliversTheNoticeFlaggedAsPossiblyDoubledNamingTheMissingScope() {
        notifier = Notifier.bot(slack);
        slack.failNext(1, Fault.answersLate());
        notifier.sample("alarm-cpu-high.json");
        // An app installed without channels:history: the look-up before posting again cannot be made.
        slack.refuse("conversations.history", "missing_scope", "channels:history");
        notifier.clock.advance(Duration.ofMinutes(1));

        Result tick = notifier.tick();

        assertThat(tick.status()).isEqualTo("delivered");
        assertThat(slack.calls("conversations.history")).hasSize(1);
        assertThat(slack.roots()).as("seen twice rather than lost").hasSize(2);
        Request flagged = slack.roots().get(1);
        assertThat(flagged.block("possibly-doubled")).contains("may be posted twice").contains("missing_scope")
                .contains("channels:history");
        assertThat(flagged.text()).contains("may be posted twice");
        assertThat(tick.delivery().errors()).singleElement().asString().contains("posted possibly doubled")
                .contains("channels:history");
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void anOpsActionThatArrivesBeforeItsAlarmsIncidentWaitsForItAndIsThreadedUnderIt() {
        notifier = Notifier.bot(slack);
        String action = Notifier.sampleEvent("ops-action-applied.json");

        assertThatThrownBy(() -> notifier.invoke(action))
                .hasStackTraceContaining("arrived before the incident of alarm 'Buddy-CPU-High'");
        assertThat(slack.requests()).isEmpty();
        notifier.sample("alarm-cpu-high.json");
        notifier.clock.advance(Duration.ofMinutes(1));
        Result retried = notifier.invoke(action);

        assertThat(retried.change()).isEqualTo("action-recorded");
        assertThat(retried.incident().key()).isEqualTo("Buddy-CPU-High");
        Request message = single(slack.roots());
        assertThat(slack.repliesTo(message.ts())).singleElement()
                .satisfies(reply -> assertThat(reply.text()).contains("SetDesiredCapacity").contains("2 → 3"));
    }

    @Test
    void anOpsActionWhoseIncidentNeverComesIsToldOnItsOwnOnceTheWaitIsOver() {
        notifier = Notifier.bot(slack);
        String action = Notifier.sampleEvent("ops-action-applied.json");
        assertThatThrownBy(() -> notifier.invoke(action)).hasStackTraceContaining("waits for it");

        // Lambda's last retry comes three minutes after the first attempt: past the two-minute wait.
        notifier.clock.advance(Duration.ofMinutes(3));
        Result retried = notifier.invoke(action);

        assertThat(retried.change()).isEqualTo("opened");
        assertThat(retried.incident().key()).isEqualTo("action:Buddy-AutoScaling-Group");
        Request message = single(slack.roots());
        assertThat(message.block("title")).contains("ScalingTunerFunction: SetDesiredCapacity applied on Buddy-AutoScaling-Group");
        assertThat(message.block("reason")).contains("no incident of alarm 'Buddy-CPU-High' came");
    }

    @Test
    void aCriticalWarningWithNoIncidentToRaiseOpensACriticalOne() {
        notifier = Notifier.bot(slack);
        String rotator = Notifier.sampleEvent("ops-action-skipped.json")
                .replace("\"warnings\": []", "\"warnings\": [\"critical: reads are on the primary database1: no replica is in rotation\"]");

        Result result = notifier.invoke(rotator);

        assertThat(result.change()).isEqualTo("opened");
        assertThat(result.incident().severity()).isEqualTo("critical");
        Request message = single(slack.roots());
        assertThat(message.channel()).isEqualTo("C0CRITICAL");
        assertThat(message.block("title")).contains("Critical").contains("reads are on the primary database1");
    }

    @Test
    void aCriticalWarningRaisesTheIncidentItIsThreadedUnder() {
        notifier = Notifier.bot(slack);
        notifier.sample("alarm-cpu-high.json");
        String atCeiling = Notifier.sampleEvent("ops-action-applied.json").replace("\"warnings\": []",
                "\"warnings\": [\"critical: Buddy-AutoScaling-Group is at its hard ceiling of 8 instances\"]");

        Result result = notifier.invoke(atCeiling);

        assertThat(result.change()).isEqualTo("action-recorded");
        assertThat(result.incident().severity()).isEqualTo("critical");
        Request message = single(slack.roots());
        assertThat(slack.repliesTo(message.ts())).anySatisfy(reply -> assertThat(reply.text()).contains("hard ceiling of 8"));
        List<Request> updates = slack.updatesOf(message.ts());
        assertThat(updates.get(updates.size() - 1).block("title")).startsWith(":red_circle: Critical:");
    }

    private static String alarm(int index) {
        return "Buddy-Race-" + index;
    }

    private static String alarmEvent(int index) {
        return SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json").replace("Buddy-CPU-High", alarm(index)),
                String.format("7ace0000-0000-4000-8000-%012d", index));
    }

    private static String actionOn(int alarm, int step) {
        return SampleEvents.withId(Notifier.sampleEvent("ops-action-applied.json")
                .replace("\"alarm\": \"Buddy-CPU-High\"", "\"alarm\": \"" + alarm(alarm) + "\""),
                String.format("7ace0000-0000-4000-9000-%06d%06d", alarm, step));
    }

    /** Two invocations released at the same moment, each on its own thread. */
    private static void both(Supplier<Result> one, Supplier<Result> other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Result>> running = List.of(one, other).stream().map(work -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return work.get();
        }, Executors.newSingleThreadExecutor())).toList();
        for (CompletableFuture<Result> result : running) {
            result.get();
        }
    }

    private static Request single(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
