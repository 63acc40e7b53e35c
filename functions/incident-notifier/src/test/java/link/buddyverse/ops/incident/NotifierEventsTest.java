package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import link.buddyverse.ops.kit.event.AlarmState;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.AutoScalingInstanceEvent;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Test;

/**
 * The notifier's inputs, decoded by ops-kit's {@link EventDecoder} from the recorded samples in
 * events/incident-notifier/: what the notifier reads of each is there. No AWS.
 */
class NotifierEventsTest {

    final JsonMapper json = JsonMapper.createDefault();
    final EventDecoder events = new EventDecoder(json);

    @Test
    void anOpsActionKeepsTheFunctionTheTriggerTheActionAndItsOutcome() {
        OpsActionEvent action = (OpsActionEvent) decode("ops-action-failed.json");

        assertThat(action.eventId()).isEqualTo("d394f680-ab13-4fe2-8e9a-b37b8c5fae99");
        assertThat(action.time()).isEqualTo(Instant.parse("2026-11-25T08:06:00Z"));
        assertThat(action.alarm()).isEqualTo("Buddy-CPU-High");
        assertThat(action.detail().function()).isEqualTo("ScalingTunerFunction");
        assertThat(action.detail().action().action()).isEqualTo("UpdateGroupLimits");
        assertThat(action.detail().action().before()).isEqualTo("4");
        assertThat(action.detail().action().after()).isEqualTo("5");
        assertThat(action.detail().outcome().status()).isEqualTo("failed");
        assertThat(action.detail().outcome().detail()).startsWith("AutoScalingException: You have reached");
        assertThat(action.detail().warnings()).singleElement().asString().contains("pinned at MaxSize 4");
    }

    @Test
    void anOpsActionTakenOnAScheduleTickNamesNoAlarm() {
        OpsActionEvent action = (OpsActionEvent) decode("ops-action-skipped.json");

        assertThat(action.alarm()).isNull();
        assertThat(action.detail().trigger().kind()).isEqualTo("schedule");
    }

    @Test
    void anRdsEventKeepsTheInstanceTheRdsEventIdAndItsCategories() {
        RdsInstanceEvent rds = (RdsInstanceEvent) decode("rds-replica-replication-error.json");

        assertThat(rds.instance()).isEqualTo("database1-replica");
        assertThat(rds.rdsEventId()).isEqualTo("RDS-EVENT-0045");
        assertThat(rds.categories()).containsExactly("read replica");
        assertThat(rds.message()).startsWith("An error has occurred in the read replication process.");
        assertThat(rds.region()).isEqualTo("ap-northeast-2");
    }

    @Test
    void aLaunchFailureKeepsTheGroupTheZoneAndWhyWithoutAnInstanceItNeverHad() {
        AutoScalingInstanceEvent failure = (AutoScalingInstanceEvent) decode("scaling-launch-unsuccessful.json");

        assertThat(failure.group()).isEqualTo("Buddy-AutoScaling-Group");
        assertThat(failure.launch()).isTrue();
        assertThat(failure.successful()).isFalse();
        assertThat(failure.instanceId()).isNull();
        assertThat(failure.availabilityZone()).isEqualTo("ap-northeast-2a");
        assertThat(failure.statusMessage()).startsWith("We currently do not have sufficient t3.micro capacity");
    }

    @Test
    void aTerminateFailureKeepsTheInstance() {
        AutoScalingInstanceEvent failure = (AutoScalingInstanceEvent) decode("scaling-terminate-unsuccessful.json");

        assertThat(failure.launch()).isFalse();
        assertThat(failure.instanceId()).isEqualTo("i-0abc123def4567890");
    }

    @Test
    void anAlarmGoesThroughOpsKitAndGainsItsThresholdStatisticAndDescription() {
        AlarmStateChange alarm = (AlarmStateChange) decode("alarm-cpu-high.json");

        assertThat(alarm.alarmName()).isEqualTo("Buddy-CPU-High");
        assertThat(alarm.state()).isEqualTo(AlarmState.ALARM);
        assertThat(alarm.facts().threshold()).isEqualTo("70");
        assertThat(alarm.facts().statistic()).isEqualTo("Average");
        assertThat(alarm.facts().periodSeconds()).isEqualTo(60);
        assertThat(alarm.facts().description()).startsWith("Average CPU of Buddy-AutoScaling-Group above 70%");
    }

    @Test
    void anAlarmWithoutReasonDataHasNoThresholdButDecodes() {
        AlarmStateChange alarm = (AlarmStateChange) decode("alarm-cpu-high-insufficient-data.json");

        assertThat(alarm.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(alarm.facts().threshold()).isNull();
    }

    @Test
    void anSnsWrappedAlarmGainsTheThresholdAndComparisonFromTheNotification() {
        AlarmStateChange alarm = (AlarmStateChange) events.decodeSingle(tree(SampleEvents.read("scaling-tuner", "sns-wrapped-alarm.json")));

        assertThat(alarm.alarmName()).isEqualTo("Buddy-CPU-High");
        assertThat(alarm.facts().threshold()).isEqualTo("70");
        assertThat(alarm.facts().comparison()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void theScheduleIsAScheduledCheck() {
        assertThat(decode("outbox-delivery-tick.json")).isInstanceOf(ScheduledCheck.class);
    }

    @Test
    void everySampleIsATriggerTheNotifierAccepts() {
        for (String sample : java.util.List.of("alarm-cpu-high.json", "alarm-replica-lag.json", "ops-action-failed.json",
                "rds-failover-started.json", "scaling-terminate-unsuccessful.json", "outbox-delivery-tick.json")) {
            Trigger trigger = decode(sample);
            assertThat(java.util.Set.of(AlarmStateChange.class, OpsActionEvent.class, RdsInstanceEvent.class,
                    AutoScalingInstanceEvent.class, ScheduledCheck.class)).as(sample).anyMatch(type -> type.isInstance(trigger));
        }
    }

    private Trigger decode(String sample) {
        return events.decodeSingle(tree(SampleEvents.read("incident-notifier", sample)));
    }

    private JsonNode tree(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
