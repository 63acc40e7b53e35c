package link.buddyverse.ops.incident.delivery;

import link.buddyverse.ops.incident.IncidentNotifierHandler;
import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import link.buddyverse.ops.incident.lifecycle.Incident;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.localslack.SlackStandIn.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A whole AZ going down: 200 alarm events over 40 alarms within one minute, delivered by 8 containers at once
 * (each alarm fires, is delivered twice, fires again, clears and flaps back). The first ten incidents get a
 * message each; the other thirty are rolled up into one message; every incident keeps its own state; nothing
 * is posted twice.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class StormTest {

    static final int ALARMS = 40;
    static final int CONTAINERS = 8;
    static final int THRESHOLD = 10;
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
    void twoHundredEventsOverFortyAlarmsMakeFortyIncidentsTenMessagesAndOneRollUp() throws Exception {
        notifier = Notifier.bot(slack).with("incident.storm-threshold", THRESHOLD);
        List<List<String>> eventsByContainer = stormEvents();
        List<IncidentNotifierHandler> containers = IntStream.range(0, CONTAINERS).mapToObj(i -> notifier.container()).toList();
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(CONTAINERS);
        ExecutorService pool = Executors.newFixedThreadPool(CONTAINERS);

        long began = System.nanoTime();
        long requestsBefore = OneRequestAtATime.REQUESTS.get();
        long nanosBefore = OneRequestAtATime.NANOS.get();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int c = 0; c < CONTAINERS; c++) {
            int container = c;
            running.add(CompletableFuture.runAsync(() -> {
                await(start);
                eventsByContainer.get(container).forEach(event -> results.add(notifier.invoke(containers.get(container), event)));
            }, pool));
        }
        for (CompletableFuture<Void> run : running) {
            run.get();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        // Printed for the record, never asserted: it depends on the machine.
        System.out.printf("storm: %d events over %d alarms in %d containers: %.1f s, %.0f events/s, %d Slack calls%n",
                results.size(), ALARMS, CONTAINERS, seconds, results.size() / seconds, slack.requests().size());
        System.out.printf("storm: %d DynamoDB requests, %.1f s inside moto%n", OneRequestAtATime.REQUESTS.get() - requestsBefore,
                (OneRequestAtATime.NANOS.get() - nanosBefore) / 1e9);
        notifier.tick();

        Map<String, Long> changes = results.stream().filter(r -> !r.status().equals("duplicate"))
                .collect(Collectors.groupingBy(Result::change, Collectors.counting()));
        assertThat(results).hasSize(200);
        assertThat(changes).containsEntry("opened", 40L).containsEntry("repeat", 40L).containsEntry("resolved", 40L)
                .containsEntry("reopened", 40L);
        assertThat(results.stream().filter(r -> r.status().equals("duplicate"))).hasSize(40);

        List<String> incidents = StateItems.keysStartingWith(dynamoDb, "incident#Buddy-Storm-");
        assertThat(incidents).hasSize(ALARMS);
        List<String> open = incidents.stream().filter(key -> "OPEN".equals(StateItems.incident(dynamoDb,
                key.substring("incident#".length())).get("status").s())).toList();
        assertThat(open).as("every incident flapped back open").hasSize(ALARMS);

        List<Request> roots = slack.roots();
        List<Request> rollUps = roots.stream().filter(r -> r.block("title").contains("Incident storm")).toList();
        List<Request> individual = roots.stream().filter(r -> !r.block("title").contains("Incident storm")).toList();
        assertThat(rollUps).as("one roll-up").hasSize(1);
        assertThat(individual).as("one message each for the first %d", THRESHOLD).hasSize(THRESHOLD);
        List<String> individuals = individual.stream().map(r -> r.block("title").replace(":large_orange_circle: Warning: ", "")).toList();
        assertThat(individuals).doesNotHaveDuplicates();

        Request rollUp = rollUps.get(0);
        List<Request> shown = new ArrayList<>(List.of(rollUp));
        shown.addAll(slack.updatesOf(rollUp.ts()));
        Request latest = shown.get(shown.size() - 1);
        List<String> members = memberNames(latest);
        assertThat(members).as("the roll-up lists every member once").hasSize(ALARMS - THRESHOLD).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(individuals);
        assertThat(latest.block("title")).isEqualTo(":cloud_with_lightning: Incident storm: 30 incidents since 08:00 UTC");
        assertThat(latest.everything()).contains("reopened 1×");
        List<String> everyone = new ArrayList<>(individuals);
        everyone.addAll(members);
        Collections.sort(everyone);
        assertThat(everyone).containsExactlyElementsOf(IntStream.range(0, ALARMS).mapToObj(StormTest::alarm).sorted().toList());

        // The ten with their own message tell their story in their own thread: cleared, then fired again.
        for (Request message : individual) {
            assertThat(slack.repliesTo(message.ts())).extracting(Request::text).satisfiesExactly(
                    resolved -> assertThat(resolved).startsWith(":white_check_mark: Resolved"),
                    reopened -> assertThat(reopened).startsWith(":repeat: Fired again"));
        }
        assertThat(slack.repliesTo(rollUp.ts())).isEmpty();
        assertThat(slack.accepted("chat.postMessage")).extracting(r -> r.threadTs() + "|" + r.everything()).doesNotHaveDuplicates();
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void theStormGoesOnIntoTheNextMinuteAndCarriesTheAutomationsActionsInItsThread() {
        notifier = Notifier.bot(slack).with("incident.storm-threshold", 2);
        for (int i = 0; i < 4; i++) {
            notifier.invoke(alarmEvent(i, "ALARM", uuid(i, 0)));
        }
        notifier.clock.advance(Duration.ofSeconds(70));

        Result later = notifier.invoke(alarmEvent(4, "ALARM", uuid(4, 0)));
        Result action = notifier.invoke(Notifier.sampleEvent("ops-action-applied.json")
                .replace("\"alarm\": \"Buddy-CPU-High\"", "\"alarm\": \"" + alarm(3) + "\""));

        assertThat(later.incident().storm()).isEqualTo(STORM);
        assertThat(action.change()).isEqualTo("action-recorded");
        Request rollUp = slack.roots().stream().filter(r -> r.block("title").contains("storm")).findFirst().orElseThrow();
        assertThat(slack.roots()).hasSize(3);
        assertThat(slack.repliesTo(rollUp.ts())).singleElement().extracting(Request::text).asString()
                .startsWith(alarm(3) + " :white_check_mark: ScalingTunerFunction applied SetDesiredCapacity");
        Request latest = slack.updatesOf(rollUp.ts()).get(slack.updatesOf(rollUp.ts()).size() - 1);
        assertThat(memberNames(latest)).containsExactlyInAnyOrder(alarm(2), alarm(3), alarm(4));
        assertThat(latest.everything()).contains("1 action(s)");
    }

    @Test
    void aWebhookPostsTheRollUpOnceTheMinuteIsOverAndOnceMoreWhenTheStormIsOver() {
        notifier = Notifier.webhook(slack).with("incident.storm-threshold", 3);
        for (int i = 0; i < 6; i++) {
            notifier.invoke(alarmEvent(i, "ALARM", uuid(i, 0)));
        }
        notifier.clock.advance(Duration.ofSeconds(30));
        Result duringTheMinute = notifier.tick();
        int beforeTheMinuteEnds = slack.accepted("webhook").size();
        notifier.clock.set(Notifier.START.plusSeconds(61));
        notifier.tick();
        notifier.clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 6; i++) {
            notifier.invoke(alarmEvent(i, "OK", uuid(i, 1)));
        }

        assertThat(duringTheMinute.status()).isEqualTo("queued");
        assertThat(beforeTheMinuteEnds).isEqualTo(3);
        List<Request> posts = slack.accepted("webhook");
        List<Request> rollUps = posts.stream()
                .filter(r -> r.block("title").contains("Incident storm") || r.block("title").contains("Storm over")).toList();
        assertThat(rollUps).extracting(r -> r.block("title")).containsExactly(
                ":cloud_with_lightning: Incident storm: 3 incidents since 08:00 UTC",
                ":white_check_mark: Storm over: all 3 incidents resolved");
        assertThat(memberNames(rollUps.get(0))).containsExactlyInAnyOrder(alarm(3), alarm(4), alarm(5));
        // The three with a message of their own: opened, resolved. The storm's members: only in the roll-ups.
        assertThat(posts).hasSize(3 * 2 + 2);
    }

    /** 40 alarms x (ALARM, the same ALARM again, a repeat ALARM, OK, ALARM again), spread over the containers. */
    private static List<List<String>> stormEvents() {
        List<List<String>> byContainer = new ArrayList<>();
        for (int c = 0; c < CONTAINERS; c++) {
            byContainer.add(new ArrayList<>());
        }
        String[][] script = {{"ALARM", "0"}, {"ALARM", "0"}, {"ALARM", "1"}, {"OK", "2"}, {"ALARM", "3"}};
        for (String[] step : script) {
            for (int a = 0; a < ALARMS; a++) {
                byContainer.get(a % CONTAINERS).add(alarmEvent(a, step[0], uuid(a, Integer.parseInt(step[1]))));
            }
        }
        return byContainer;
    }

    static String alarm(int index) {
        return String.format("Buddy-Storm-%02d", index);
    }

    static String alarmEvent(int index, String state, String id) {
        String sample = Notifier.sampleEvent("alarm-cpu-high.json").replace("Buddy-CPU-High", alarm(index));
        if (!state.equals("ALARM")) {
            sample = sample.replace("\"value\": \"ALARM\"", "\"value\": \"" + state + "\"");
        }
        return SampleEvents.withId(sample, id);
    }

    static String uuid(int alarm, int step) {
        return String.format("5707a000-0000-4000-8000-%06d%06d", alarm, step);
    }

    /** The incident names a roll-up lists, in order. */
    static List<String> memberNames(Request rollUp) {
        List<String> names = new ArrayList<>();
        for (int part = 0; ; part++) {
            String section = rollUp.block("members-" + part);
            if (section == null) {
                return names;
            }
            section.lines().map(line -> line.replaceAll("^[^`]*`([^`]+)`.*$", "$1")).forEach(names::add);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
