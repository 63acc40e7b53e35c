package link.buddyverse.ops.incident.lifecycle;

import link.buddyverse.ops.incident.NotifierSettings;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.incident.lifecycle.Transition.Change;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.AutoScalingInstanceEvent;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Test;

/** The lifecycle's decisions at their bounds: pure, no AWS, no Slack, no clock but the one passed in. */
class IncidentLifecycleTest {

    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    final JsonMapper json = JsonMapper.createDefault();
    final EventDecoder events = new EventDecoder(json);
    final NotifierSettings settings = new NotifierSettings("Buddy-", List.of("Buddy-CPU-High", "Buddy-Unhealthy-Hosts"),
            List.of("Buddy-Unhealthy-Hosts"), List.of("Buddy-CPU-Low"), "#buddy-incidents", "#buddy-ops", "CPU-Per-Second",
            "ap-northeast-2", 10, 15, 30, 60, 14, 120);
    final IncidentLifecycle lifecycle = new IncidentLifecycle(settings);

    @Test
    void anAlarmOpensAnIncidentWithOneMessageNotice() {
        Transition opened = lifecycle.onAlarm(null, false, alarm("ALARM", "e-1"), T0);

        assertThat(opened.change()).isEqualTo(Change.OPENED);
        assertThat(opened.opensNew()).isTrue();
        assertThat(opened.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notice.Kind.MESSAGE);
            assertThat(n.phase()).isEqualTo(Notice.Phase.OPENED);
            assertThat(n.seq()).isZero();
        });
        Incident incident = opened.next();
        assertThat(incident.severity()).isEqualTo(Severity.WARNING);
        assertThat(incident.resource()).isEqualTo("Buddy-AutoScaling-Group");
        assertThat(incident.metric()).isEqualTo("AWS/EC2 CPUUtilization (Average, 60 s)");
        assertThat(incident.threshold()).isEqualTo("70");
        assertThat(incident.nextSeq()).isEqualTo(1);
        assertThat(incident.appliedEvents()).containsExactly("e-1");
    }

    @Test
    void anAlarmFiringAgainAtTheEdgeOfTheFlapWindowReopensAndOneSecondLaterStartsAnew() {
        Incident resolved = resolvedAt(T0.plusSeconds(60));

        Transition atTheEdge = lifecycle.onAlarm(resolved, false, alarm("ALARM", "e-3"), T0.plusSeconds(60).plus(Duration.ofMinutes(15)));
        Transition after = lifecycle.onAlarm(resolved, false, alarm("ALARM", "e-3"),
                T0.plusSeconds(61).plus(Duration.ofMinutes(15)));

        assertThat(atTheEdge.change()).isEqualTo(Change.REOPENED);
        assertThat(atTheEdge.opensNew()).isFalse();
        assertThat(atTheEdge.next().episode()).isEqualTo(resolved.episode());
        assertThat(atTheEdge.notices()).extracting(Notice::kind).containsExactly(Notice.Kind.MESSAGE, Notice.Kind.REPLY);
        assertThat(after.change()).isEqualTo(Change.OPENED);
        assertThat(after.next().episode()).isEqualTo("e-3");
        assertThat(after.next().nextSeq()).as("a new episode keeps counting").isGreaterThan(resolved.nextSeq());
    }

    @Test
    void anAlarmFiringLongAfterItResolvedReopensWhileTheResolutionIsStillUndelivered() {
        Transition reopened = lifecycle.onAlarm(resolvedAt(T0), true, alarm("ALARM", "e-3"), T0.plus(Duration.ofHours(3)));

        assertThat(reopened.change()).isEqualTo(Change.REOPENED);
    }

    @Test
    void theSameEventAppliedTwiceChangesNothing() {
        Incident open = lifecycle.onAlarm(null, false, alarm("ALARM", "e-1"), T0).next();

        assertThat(lifecycle.onAlarm(open, false, alarm("ALARM", "e-1"), T0).change()).isEqualTo(Change.ALREADY_APPLIED);
        assertThat(lifecycle.onAlarm(open, false, alarm("ALARM", "e-2"), T0).change()).isEqualTo(Change.REPEAT);
    }

    @Test
    void onlyTheLastFiftyEventIdsAreRemembered() {
        Incident incident = lifecycle.onAlarm(null, false, alarm("ALARM", "e-0"), T0).next();
        for (int i = 1; i <= 60; i++) {
            incident = lifecycle.onAlarm(incident, false, alarm("INSUFFICIENT_DATA", "e-" + i), T0).next();
        }

        assertThat(incident.appliedEvents()).hasSize(50).startsWith("e-11").endsWith("e-60");
        assertThat(incident.nextSeq()).isEqualTo(61);
    }

    @Test
    void okAndInsufficientDataWithoutAnOpenIncidentAreIgnored() {
        assertThat(lifecycle.onAlarm(null, false, alarm("OK", "e-1"), T0).change()).isEqualTo(Change.IGNORED);
        assertThat(lifecycle.onAlarm(resolvedAt(T0), false, alarm("INSUFFICIENT_DATA", "e-9"), T0).change())
                .isEqualTo(Change.IGNORED);
    }

    @Test
    void aReadReplicaErrorIsAWarningAndAFailoverIsCritical() {
        Transition replica = lifecycle.onRdsEvent(null, false, (RdsInstanceEvent) sample("rds-replica-replication-error.json"), T0);
        Transition failover = lifecycle.onRdsEvent(null, false, (RdsInstanceEvent) sample("rds-failover-started.json"), T0);

        assertThat(replica.next().severity()).isEqualTo(Severity.WARNING);
        assertThat(replica.next().key()).isEqualTo("rds:database1-replica");
        assertThat(failover.next().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(failover.next().autoResolveAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aRecoveryEventWithoutAnOpenIncidentIsIgnored() {
        Transition recovered = lifecycle.onRdsEvent(null, false, (RdsInstanceEvent) sample("rds-failover-completed.json"), T0);

        assertThat(recovered.change()).isEqualTo(Change.IGNORED);
        assertThat(recovered.summary()).contains("RDS-EVENT-0049");
    }

    @Test
    void anEventOpenedIncidentResolvesOnlyOnceItsQuietPeriodIsOver() {
        Incident open = lifecycle.onScalingFailure(null, false, (AutoScalingInstanceEvent) sample("scaling-launch-unsuccessful.json"), T0)
                .next();

        assertThat(lifecycle.onQuiet(open, "tick-1", T0.plus(Duration.ofMinutes(30)).minusSeconds(1)).change())
                .isEqualTo(Change.IGNORED);
        Transition quiet = lifecycle.onQuiet(open, "tick-2", T0.plus(Duration.ofMinutes(30)));
        assertThat(quiet.change()).isEqualTo(Change.RESOLVED);
        assertThat(quiet.next().resolution()).isEqualTo("no new events for 30m 00s");
    }

    @Test
    void anActionOnAnEventOpenedIncidentPushesItsQuietPeriodBack() {
        Incident open = lifecycle.onScalingFailure(null, false, (AutoScalingInstanceEvent) sample("scaling-launch-unsuccessful.json"), T0)
                .next();

        Transition action = lifecycle.onAction(open, null, (OpsActionEvent) sample("ops-action-applied.json"), "action:x",
                T0.plus(Duration.ofMinutes(20)));

        assertThat(action.next().autoResolveAt()).isEqualTo(T0.plus(Duration.ofMinutes(50)));
        assertThat(action.notices()).extracting(Notice::seq).containsExactly(1L, 2L);
    }

    private Incident resolvedAt(Instant when) {
        Incident open = lifecycle.onAlarm(null, false, alarm("ALARM", "e-1"), T0).next();
        return lifecycle.onAlarm(open, false, alarm("OK", "e-2"), when).next();
    }

    private AlarmStateChange alarm(String state, String id) {
        String event = SampleEvents.read("incident-notifier", "alarm-cpu-high.json")
                .replace("\"value\": \"ALARM\"", "\"value\": \"" + state + "\"");
        return (AlarmStateChange) events.decodeSingle(tree(SampleEvents.withId(event, id)));
    }

    private Trigger sample(String file) {
        return events.decodeSingle(tree(SampleEvents.read("incident-notifier", file)));
    }

    private JsonNode tree(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
