package link.buddyverse.ops.kit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    static final String ALARM_EVENT = """
            {"version":"0","id":"c4c1c1c9-6542-e61b-6ef0-8c4d36933a92","detail-type":"CloudWatch Alarm State Change",
             "source":"aws.cloudwatch","account":"123456789012","time":"2026-11-25T08:00:00Z","region":"ap-northeast-2",
             "resources":["arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:Buddy-CPU-High"],
             "detail":{"alarmName":"Buddy-CPU-High","someFieldAwsAddsLater":{"x":1},
               "state":{"value":"ALARM","reason":"Threshold Crossed","timestamp":"2026-11-25T08:00:00.000+0000"},
               "previousState":{"value":"OK"},
               "configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/EC2","name":"CPUUtilization",
                 "dimensions":{"AutoScalingGroupName":"Buddy-AutoScaling-Group"}},"period":60,"stat":"Average"}}]}}}
            """;

    final JsonMapper jsonMapper = JsonMapper.createDefault();
    final EventDecoder decoder = new EventDecoder(jsonMapper);

    @Test
    void decodesTheEventBridgeAlarmStateChangeAndIgnoresFieldsItDoesNotKnow() {
        AlarmStateChange alarm = (AlarmStateChange) decoder.decodeSingle(tree(ALARM_EVENT));

        assertThat(alarm.eventId()).isEqualTo("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92");
        assertThat(alarm.alarmName()).isEqualTo("Buddy-CPU-High");
        assertThat(alarm.state()).isEqualTo(AlarmState.ALARM);
        assertThat(alarm.previousState()).isEqualTo(AlarmState.OK);
        assertThat(alarm.time()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(alarm.metricName()).isEqualTo("CPUUtilization");
        assertThat(alarm.dimensions()).containsEntry("AutoScalingGroupName", "Buddy-AutoScaling-Group");
    }

    @Test
    void decodesTheClassicAlarmNotificationInsideAnSnsMessage() {
        String message = "{\\\"AlarmName\\\":\\\"Buddy-CPU-High\\\",\\\"NewStateValue\\\":\\\"ALARM\\\",\\\"OldStateValue\\\":\\\"OK\\\","
                + "\\\"NewStateReason\\\":\\\"Threshold Crossed\\\",\\\"StateChangeTime\\\":\\\"2026-11-25T08:00:00.000+0000\\\","
                + "\\\"AlarmArn\\\":\\\"arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:Buddy-CPU-High\\\","
                + "\\\"Trigger\\\":{\\\"MetricName\\\":\\\"CPUUtilization\\\",\\\"Namespace\\\":\\\"AWS/EC2\\\","
                + "\\\"Dimensions\\\":[{\\\"value\\\":\\\"Buddy-AutoScaling-Group\\\",\\\"name\\\":\\\"AutoScalingGroupName\\\"}]}}";
        String sns = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"95df01b4-ee98-5cb9-9903-4c221d41eb5e\","
                + "\"Message\":\"" + message + "\"}}]}";

        AlarmStateChange alarm = (AlarmStateChange) decoder.decodeSingle(tree(sns));

        assertThat(alarm.eventId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        assertThat(alarm.alarmName()).isEqualTo("Buddy-CPU-High");
        assertThat(alarm.state()).isEqualTo(AlarmState.ALARM);
        assertThat(alarm.region()).isEqualTo("ap-northeast-2");
        assertThat(alarm.time()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(alarm.dimensions()).containsEntry("AutoScalingGroupName", "Buddy-AutoScaling-Group");
    }

    @Test
    void decodesAScheduleTick() {
        Trigger tick = decoder.decodeSingle(tree("""
                {"version":"0","id":"89d1a02d-5ec7-412e-82f5-13505f849b41","detail-type":"Scheduled Event",
                 "source":"aws.events","time":"2026-11-25T08:05:00Z","region":"ap-northeast-2",
                 "resources":["arn:aws:events:ap-northeast-2:123456789012:rule/recheck"],"detail":{}}
                """));

        assertThat(tick).isInstanceOf(ScheduledCheck.class);
        assertThat(((ScheduledCheck) tick).rule()).endsWith("rule/recheck");
    }

    @Test
    void rejectsAnAlarmEventWithoutItsStateNamingTheField() {
        String broken = ALARM_EVENT.replace("\"value\":\"ALARM\"", "\"valu\":\"ALARM\"");

        assertThatThrownBy(() -> decoder.decodeSingle(tree(broken)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("the EventBridge event has no 'detail.state.value' (a required string)");
    }

    @Test
    void rejectsAnUnknownAlarmState() {
        String broken = ALARM_EVENT.replace("\"value\":\"ALARM\"", "\"value\":\"ON_FIRE\"");

        assertThatThrownBy(() -> decoder.decodeSingle(tree(broken)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("must be OK, ALARM or INSUFFICIENT_DATA, got 'ON_FIRE'");
    }

    @Test
    void rejectsInputThatIsNoEventAtAll() {
        assertThatThrownBy(() -> decoder.decodeSingle(tree("[1, 2, 3]")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> decoder.decodeSingle(tree("{\"hello\": \"world\"}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("neither an EventBridge event");
    }

    @Test
    void rejectsAnSnsMessageThatIsNotAnAlarmNotification() {
        String sns = "{\"Records\":[{\"Sns\":{\"MessageId\":\"m-1\",\"Message\":\"hello, not JSON\"}}]}";

        assertThatThrownBy(() -> decoder.decodeSingle(tree(sns)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("it is not JSON");
    }

    @Test
    void setsAsideEventBridgeEventsOfAnotherKind() {
        String other = ALARM_EVENT.replace("CloudWatch Alarm State Change", "EC2 Instance State-change Notification");

        assertThatThrownBy(() -> decoder.decodeSingle(tree(other)))
                .isInstanceOf(UnsupportedEventException.class).hasMessageContaining("EC2 Instance State-change Notification");
    }

    private JsonNode tree(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
