package link.buddyverse.ops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.sam.EventRule;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What makes a drill's Slack story pass or fail: the channel is what the stand-in received over HTTP (posted here
 * as the notifier's Slack client posts, with the notice ids in the message metadata), the events are what
 * EventBridge delivered and what the functions emitted.
 */
class IncidentExpectationsTest {

    private static final String ALARM = "Buddy-CPU-High";
    private static final String CHANNEL = "#buddy-ops";

    private final SlackStandIn slack = SlackStandIn.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Timeline timeline = new Timeline(entry -> { });
    private final DrillContext context = new DrillContext(timeline, null, null, null, null, slack, Map.of(), Set.of());
    private final IncidentExpectations expectations = new IncidentExpectations(slack);
    private final List<EventBridgePart.Delivery> deliveries = new ArrayList<>();
    private final List<EventBridgePart.Emitted> emitted = new ArrayList<>();
    private int seq;

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void anIncidentOpenedOnceWithItsActionsInOrderAndResolvedPasses() throws Exception {
        String alarm = alarmChanges("ALARM");
        String root = post(ALARM, alarm, ":large_orange_circle: Warning: " + ALARM);
        String first = action("2 -> 3");
        reply(root, ALARM, first);
        String second = action("3 -> 4");
        reply(root, ALARM, second);
        String cleared = alarmChanges("OK");
        update(root, ":white_check_mark: Resolved: " + ALARM);
        reply(root, ALARM, cleared);

        expectations.incident(ALARM);
        expectations.verify(context, deliveries, emitted);

        assertThat(passes()).contains("Slack: no message and no thread reply posted twice", "Slack: no incident the drill did not cause",
                "Slack: " + ALARM + " opened once, its 2 action(s) threaded under it in the order they happened, resolved when the alarm cleared",
                "Slack: each of the drill's 2 Ops Action event(s) reached IncidentNotifierFunction and was told once");
    }

    @Test
    void anActionToldTwiceFailsTheDrill() throws Exception {
        alarmChanges("ALARM");
        String root = post(ALARM, "alarm", ":large_orange_circle: Warning: " + ALARM);
        String first = action("2 -> 3");
        reply(root, ALARM, first);
        reply(root, ALARM, first);

        expectations.incident(ALARM);

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining("posted twice");
    }

    @Test
    void actionsThreadedOutOfOrderFailTheDrill() throws Exception {
        alarmChanges("ALARM");
        String root = post(ALARM, "alarm", ":large_orange_circle: Warning: " + ALARM);
        String first = action("2 -> 3");
        String second = action("3 -> 4");
        reply(root, ALARM, second);
        reply(root, ALARM, first);

        expectations.incident(ALARM);

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining("in the order they happened").hasMessageContaining(first).hasMessageContaining(second);
    }

    @Test
    void anIncidentNeverPostedFailsTheDrill() throws Exception {
        alarmChanges("ALARM");

        expectations.incident(ALARM);

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining(ALARM + "'s incident opened once").hasMessageContaining("no message for it");
    }

    @Test
    void anIncidentStillOpenAfterItsAlarmClearedFailsTheDrill() throws Exception {
        alarmChanges("ALARM");
        post(ALARM, "alarm", ":large_orange_circle: Warning: " + ALARM);
        alarmChanges("OK");

        expectations.incident(ALARM);

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining("still reads \":large_orange_circle: Warning: " + ALARM + "\"");
    }

    @Test
    void anActionNoRuleDeliveredToTheNotifierFailsTheDrillAsAMissingNotice() throws Exception {
        alarmChanges("ALARM");
        post(ALARM, "alarm", ":large_orange_circle: Warning: " + ALARM);
        emitted.add(new EventBridgePart.Emitted(UUID.randomUUID().toString(), "Ops Action", opsAction("2 -> 3"), "ScalingTunerFunction"));

        expectations.incident(ALARM);

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining("not in its thread");
    }

    @Test
    void anIncidentTheDrillDidNotCauseFailsTheDrill() throws Exception {
        post("Someone-Elses-Alarm", "alarm", ":red_circle: Critical: Someone-Elses-Alarm");

        assertThatThrownBy(() -> expectations.verify(context, deliveries, emitted)).isInstanceOf(DrillFailed.class)
                .hasMessageContaining("no incident the drill did not cause").hasMessageContaining("Someone-Elses-Alarm");
    }

    private List<String> passes() {
        return timeline.entries().stream().filter(e -> e.kind() == Kind.PASS).map(Timeline.Entry::text).toList();
    }

    /** EventBridge delivered the alarm's change to the notifier; its event id. */
    private String alarmChanges(String state) {
        String id = UUID.randomUUID().toString();
        String event = "{\"id\":\"" + id + "\",\"detail-type\":\"CloudWatch Alarm State Change\",\"source\":\"aws.cloudwatch\","
                + "\"detail\":{\"alarmName\":\"" + ALARM + "\",\"state\":{\"value\":\"" + state + "\"}}}";
        deliveries.add(delivered(id, "CloudWatch Alarm State Change", event, "notified"));
        return id;
    }

    /** ScalingTunerFunction emitted an Ops Action about the alarm, and EventBridge delivered it to the notifier; its id. */
    private String action(String change) {
        String id = UUID.randomUUID().toString();
        String event = opsAction(change);
        emitted.add(new EventBridgePart.Emitted(id, "Ops Action", event, "ScalingTunerFunction"));
        deliveries.add(delivered(id, "Ops Action", event, "notified"));
        return id;
    }

    private static String opsAction(String change) {
        return "{\"detail-type\":\"Ops Action\",\"source\":\"buddyverse.ops\",\"detail\":{\"function\":\"ScalingTunerFunction\","
                + "\"trigger\":{\"kind\":\"alarm\",\"alarm\":\"" + ALARM + "\"},\"action\":{\"action\":\"SetDesiredCapacity\","
                + "\"target\":\"Buddy-AutoScaling-Group\",\"change\":\"" + change + "\"},\"outcome\":{\"status\":\"applied\"}}}";
    }

    private static EventBridgePart.Delivery delivered(String id, String detailType, String event, String status) {
        EventRule rule = new EventRule(IncidentExpectations.NOTIFIER, "Rule", EventRule.DEFAULT_BUS, Map.of());
        return new EventBridgePart.Delivery(rule, id, detailType, event, new FunctionInvoker.Invocation(IncidentExpectations.NOTIFIER, 0,
                Map.of("status", status), "", List.of(), 1, false));
    }

    // What the notifier's Slack client sends: form bodies, the bot token, the notice id in the message metadata.

    private String post(String incident, String eventId, String headline) throws Exception {
        return slackCall("chat.postMessage", CHANNEL, null, null, headline, incident + "#" + String.format("%010d", ++seq) + "-" + eventId);
    }

    private void reply(String rootTs, String incident, String eventId) throws Exception {
        slackCall("chat.postMessage", CHANNEL, rootTs, null, "reply", incident + "#" + String.format("%010d", ++seq) + "-" + eventId);
    }

    private void update(String ts, String headline) throws Exception {
        slackCall("chat.update", SlackStandIn.CHANNEL_IDS.get(CHANNEL), null, ts, headline, null);
    }

    private String slackCall(String method, String channel, String threadTs, String ts, String headline, String noticeId) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel", channel);
        form.put("text", headline);
        form.put("blocks", "[{\"type\":\"header\",\"block_id\":\"title\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + headline + "\"}}]");
        if (threadTs != null) {
            form.put("thread_ts", threadTs);
        }
        if (ts != null) {
            form.put("ts", ts);
        }
        if (noticeId != null) {
            form.put("metadata", "{\"event_type\":\"buddyverse_ops_notice\",\"event_payload\":{\"notice_id\":\"" + noticeId + "\"}}");
        }
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Authorization", "Bearer " + slack.token()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("\"ok\":true");
        return answer.body().replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1");
    }
}
