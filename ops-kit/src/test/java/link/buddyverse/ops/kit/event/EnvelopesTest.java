package link.buddyverse.ops.kit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every envelope a function can be invoked with, and every trigger the six functions take. */
class EnvelopesTest {

    static final String LAUNCH_LIFECYCLE = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance-launch Lifecycle Action",
             "source":"aws.autoscaling","account":"123456789012","time":"2026-11-25T09:00:00Z","region":"ap-northeast-2",
             "resources":["arn:aws:autoscaling:ap-northeast-2:123456789012:autoScalingGroup:x:autoScalingGroupName/Buddy-AutoScaling-Group"],
             "detail":{"LifecycleActionToken":"87654321-4321-4321-4321-210987654321","AutoScalingGroupName":"Buddy-AutoScaling-Group",
               "LifecycleHookName":"buddy-launch-hook","EC2InstanceId":"i-1234567890abcdef0",
               "LifecycleTransition":"autoscaling:EC2_INSTANCE_LAUNCHING","NotificationMetadata":"web","Origin":"EC2",
               "Destination":"AutoScalingGroup"}}
            """;

    static final String HOOK_NOTIFICATION = """
            {"Origin":"AutoScalingGroup","LifecycleHookName":"buddy-terminate-hook","Destination":"EC2","AccountId":"123456789012",
             "RequestId":"e6d5a2f1-7c1b-4a55-9c2c-3f0a4d9e8b7c","LifecycleTransition":"autoscaling:EC2_INSTANCE_TERMINATING",
             "AutoScalingGroupName":"Buddy-AutoScaling-Group","Service":"AWS Auto Scaling","Time":"2026-11-25T09:05:00.123Z",
             "EC2InstanceId":"i-0fedcba9876543210","LifecycleActionToken":"11111111-2222-3333-4444-555555555555"}
            """;

    static final String TEST_NOTIFICATION = """
            {"AccountId":"123456789012","RequestId":"4e4d9a7a-0000-4000-8000-000000000001","AutoScalingGroupARN":"arn:aws:autoscaling:x",
             "AutoScalingGroupName":"Buddy-AutoScaling-Group","Service":"AWS Auto Scaling","Event":"autoscaling:TEST_NOTIFICATION",
             "Time":"2026-11-25T08:59:00.000Z"}
            """;

    final JsonMapper jsonMapper = JsonMapper.createDefault();
    final EventDecoder decoder = new EventDecoder(jsonMapper);

    @Nested
    class EventBridge {

        @Test
        void decodesALaunchLifecycleAction() {
            LifecycleAction action = (LifecycleAction) decoder.decodeSingle(tree(LAUNCH_LIFECYCLE));

            assertThat(action.transition()).isEqualTo(LifecycleAction.Transition.LAUNCHING);
            assertThat(action.group()).isEqualTo("Buddy-AutoScaling-Group");
            assertThat(action.hookName()).isEqualTo("buddy-launch-hook");
            assertThat(action.token()).isEqualTo("87654321-4321-4321-4321-210987654321");
            assertThat(action.instanceId()).isEqualTo("i-1234567890abcdef0");
            assertThat(action.eventId()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        }

        @Test
        void refusesALifecycleActionWithoutItsToken() {
            String broken = LAUNCH_LIFECYCLE.replace("\"LifecycleActionToken\":\"87654321-4321-4321-4321-210987654321\",", "");

            assertThatThrownBy(() -> decoder.decodeSingle(tree(broken)))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("detail.LifecycleActionToken");
        }

        @Test
        void decodesAnRdsInstanceEvent() {
            RdsInstanceEvent event = (RdsInstanceEvent) decoder.decodeSingle(tree(
                    SampleEvents.read("incident-notifier", "rds-replica-replication-error.json")));

            assertThat(event.instance()).isEqualTo("database1-replica");
            assertThat(event.rdsEventId()).startsWith("RDS-EVENT-");
        }

        @Test
        void decodesSuccessfulAndUnsuccessfulInstanceActivities() {
            String failed = SampleEvents.read("incident-notifier", "scaling-launch-unsuccessful.json");
            String succeeded = failed.replace("EC2 Instance Launch Unsuccessful", "EC2 Instance Launch Successful");

            AutoScalingInstanceEvent launchFailed = (AutoScalingInstanceEvent) decoder.decodeSingle(tree(failed));
            AutoScalingInstanceEvent launched = (AutoScalingInstanceEvent) decoder.decodeSingle(tree(succeeded));

            assertThat(launchFailed.successful()).isFalse();
            assertThat(launchFailed.launch()).isTrue();
            assertThat(launchFailed.availabilityZone()).isEqualTo("ap-northeast-2a");
            assertThat(launchFailed.instanceId()).isNull();
            assertThat(launched.successful()).isTrue();
            assertThat(launched.kind()).isEqualTo("scaling-activity");
        }

        @Test
        void decodesAnOpsActionEventOfOurOwn() {
            OpsActionEvent event = (OpsActionEvent) decoder.decodeSingle(tree(
                    SampleEvents.read("incident-notifier", "ops-action-applied.json")));

            assertThat(event.detail().function()).isEqualTo("ScalingTunerFunction");
            assertThat(event.detail().outcome().status()).isEqualTo("applied");
            assertThat(event.alarm()).isEqualTo("Buddy-CPU-High");
        }

        @Test
        void readsTheAlarmFactsAHumanNeedsWithoutRequiringThem() {
            AlarmStateChange alarm = (AlarmStateChange) decoder.decodeSingle(tree(
                    SampleEvents.read("incident-notifier", "alarm-cpu-high.json")));

            assertThat(alarm.facts().threshold()).isEqualTo("70");
            assertThat(alarm.facts().statistic()).isEqualTo("Average");
            assertThat(alarm.facts().periodSeconds()).isEqualTo(60);
        }
    }

    @Nested
    class SqsBatches {

        @Test
        void decodesEachRecordOnItsOwnAndKeepsBadOnesApart() {
            String batch = sqs(
                    record("m-1", EventDecoderTest.ALARM_EVENT),
                    record("m-2", "not json at all"),
                    record("m-3", HOOK_NOTIFICATION),
                    record("m-4", EventDecoderTest.ALARM_EVENT.replace("CloudWatch Alarm State Change", "Something Else")));

            Delivery.Batch decoded = (Delivery.Batch) decoder.decode(tree(batch));

            assertThat(decoded.records()).extracting(Delivery.BatchRecord::messageId).containsExactly("m-1", "m-2", "m-3", "m-4");
            assertThat(decoded.records().get(0).trigger()).isInstanceOf(AlarmStateChange.class);
            assertThat(decoded.records().get(1).rejected()).contains("is not JSON");
            assertThat(((LifecycleAction) decoded.records().get(2).trigger()).transition())
                    .isEqualTo(LifecycleAction.Transition.TERMINATING);
            assertThat(decoded.records().get(3).skipped()).contains("Something Else");
        }

        @Test
        void decodesTheHookTestNotificationAsNothingToActOn() {
            Delivery.Batch decoded = (Delivery.Batch) decoder.decode(tree(sqs(record("m-9", TEST_NOTIFICATION))));

            LifecycleAction test = (LifecycleAction) decoded.records().get(0).trigger();
            assertThat(test.transition()).isEqualTo(LifecycleAction.Transition.TEST_NOTIFICATION);
            assertThat(test.token()).isNull();
            assertThat(test.eventId()).isEqualTo("4e4d9a7a-0000-4000-8000-000000000001");
        }

        @Test
        void decodesAnSnsNotificationDeliveredThroughSqs() {
            String snsEnvelope = "{\"Type\":\"Notification\",\"MessageId\":\"sns-1\",\"Timestamp\":\"2026-11-25T09:05:00.000Z\","
                    + "\"Message\":" + quote(HOOK_NOTIFICATION) + "}";

            Delivery.Batch decoded = (Delivery.Batch) decoder.decode(tree(sqs(record("m-5", snsEnvelope))));

            assertThat(decoded.records().get(0).trigger()).isInstanceOf(LifecycleAction.class);
        }

        @Test
        void readsBackTheRecheckItsFunctionSent() {
            RecheckMessage sent = new RecheckMessage("e-1/recheck-2", Instant.parse("2026-11-25T09:00:00Z"),
                    "LifecycleHookFunction", "i-1", 2, "e-1", Map.of("token", "t-1"));
            String body = json(RecheckMessages.body(sent));

            Delivery.Batch decoded = (Delivery.Batch) decoder.decode(tree(sqs(record("m-6", body))));

            assertThat(decoded.records().get(0).trigger()).isEqualTo(sent);
        }

        @Test
        void refusesABatchRecordWithoutAMessageId() {
            String batch = "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"{}\"}]}";

            assertThatThrownBy(() -> decoder.decode(tree(batch)))
                    .isInstanceOf(MalformedEventException.class).hasMessageContaining("messageId");
        }
    }

    @Nested
    class DirectInvoke {

        @Test
        void takesARecheckAsItIs() {
            RecheckMessage sent = new RecheckMessage("e-2/recheck-1", Instant.parse("2026-11-25T09:00:00Z"),
                    "ReplicaRotatorFunction", "database1-replica", 1, "e-2", Map.of());

            assertThat(decoder.decodeSingle(tree(json(RecheckMessages.body(sent))))).isEqualTo(sent);
        }

        @Test
        void refusesNullAndAnythingButAnObject() {
            assertThatThrownBy(() -> decoder.decode(JsonNode.nullNode())).isInstanceOf(MalformedEventException.class)
                    .hasMessageContaining("nothing (null)");
            assertThatThrownBy(() -> decoder.decode(null)).isInstanceOf(MalformedEventException.class);
            assertThatThrownBy(() -> decoder.decode(JsonNode.createStringNode("hello"))).isInstanceOf(MalformedEventException.class);
        }
    }

    static String sqs(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    static String record(String messageId, String body) {
        return "{\"messageId\":\"" + messageId + "\",\"receiptHandle\":\"r\",\"body\":" + quote(body)
                + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:ap-northeast-2:123456789012:q\",\"awsRegion\":\"ap-northeast-2\"}";
    }

    static String quote(String text) {
        try {
            return JsonMapper.createDefault().writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String json(Object value) {
        try {
            return jsonMapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode tree(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
