package link.buddyverse.ops.kit.event;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SNS envelope (a Lambda subscription's {@code Records[0].Sns}, or an SNS notification delivered through SQS)
 * and the two messages that come in it: CloudWatch's classic alarm notification and an Auto Scaling lifecycle
 * hook's notification (also sent straight to an SQS hook target).
 */
final class SnsMessages {

    private static final String TEST_NOTIFICATION = "autoscaling:TEST_NOTIFICATION";

    private final JsonMapper jsonMapper;

    SnsMessages(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** A Lambda subscription's record: {@code {"Sns": {"MessageId", "Message", "Timestamp"}}}. */
    Trigger decodeRecord(EventFields record) {
        return decodeMessage(record.requiredString("Sns.MessageId"), record.requiredString("Sns.Message"),
                record.optionalTime("Sns.Timestamp"));
    }

    /** The notification as SQS receives it from an SNS subscription: {@code {"Type": "Notification", ...}}. */
    Trigger decodeEnvelope(EventFields notification) {
        return decodeMessage(notification.requiredString("MessageId"), notification.requiredString("Message"),
                notification.optionalTime("Timestamp"));
    }

    private Trigger decodeMessage(String messageId, String message, Instant sent) {
        JsonNode json;
        try {
            json = jsonMapper.readValue(message, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("the SNS message is not a CloudWatch alarm notification: it is not JSON", e);
        }
        if (json != null && json.isObject() && (json.get("LifecycleTransition") != null || json.get("Event") != null)) {
            return lifecycleNotification(new EventFields(json, "the Auto Scaling notification in the SNS message"), messageId);
        }
        return alarmNotification(messageId, new EventFields(json, "the CloudWatch alarm notification in the SNS message"), sent);
    }

    private AlarmStateChange alarmNotification(String messageId, EventFields alarm, Instant sent) {
        String alarmName = alarm.requiredString("AlarmName");
        AlarmState state = alarm.requiredState("NewStateValue");
        Instant time = alarm.optionalTime("StateChangeTime");
        if (time == null) {
            time = sent;
        }
        String arn = alarm.optionalString("AlarmArn");
        String[] arnParts = arn == null ? new String[0] : arn.split(":");
        Map<String, String> dimensions = new LinkedHashMap<>();
        JsonNode dims = alarm.node("Trigger.Dimensions");
        if (dims != null && dims.isArray()) {
            for (int i = 0; i < dims.size(); i++) {
                JsonNode dim = dims.get(i);
                String name = dim.isObject() ? EventDecoder.text(dim.get("name")) : null;
                String value = dim.isObject() ? EventDecoder.text(dim.get("value")) : null;
                if (name != null && value != null) {
                    dimensions.put(name, value);
                }
            }
        }
        JsonNode threshold = alarm.node("Trigger.Threshold");
        JsonNode period = alarm.node("Trigger.Period");
        return new AlarmStateChange(messageId, time == null ? Instant.now() : time,
                arnParts.length > 3 ? arnParts[3] : null,
                arnParts.length > 4 ? arnParts[4] : alarm.optionalString("AWSAccountId"),
                alarmName, state, alarm.optionalState("OldStateValue"), alarm.optionalString("NewStateReason"),
                alarm.optionalString("Trigger.Namespace"), alarm.optionalString("Trigger.MetricName"),
                Map.copyOf(dimensions),
                new AlarmStateChange.AlarmFacts(threshold != null && threshold.isNumber() ? EventBridgeEvents.plain(threshold) : null,
                        alarm.optionalString("Trigger.ComparisonOperator"), alarm.optionalString("Trigger.Statistic"),
                        period != null && period.isNumber() ? period.getIntValue() : null,
                        alarm.optionalString("AlarmDescription")));
    }

    /**
     * A hook's notification: {@code {"LifecycleTransition": "autoscaling:EC2_INSTANCE_LAUNCHING", "RequestId",
     * "LifecycleActionToken", ...}} or, once when the hook is created, {@code {"Event": "autoscaling:TEST_NOTIFICATION"}}.
     */
    LifecycleAction lifecycleNotification(EventFields note, String deliveryId) {
        Instant time = note.optionalTime("Time");
        time = time == null ? Instant.now() : time;
        String group = note.requiredString("AutoScalingGroupName");
        String requestId = note.optionalString("RequestId");
        if (TEST_NOTIFICATION.equals(note.optionalString("Event"))) {
            String id = requestId != null ? requestId : deliveryId;
            if (id == null) {
                throw new MalformedEventException("the Auto Scaling test notification has no 'RequestId'");
            }
            return new LifecycleAction(id, time, null, group, LifecycleAction.Transition.TEST_NOTIFICATION, null, null, null, null);
        }
        String transition = note.requiredString("LifecycleTransition");
        LifecycleAction.Transition kind;
        if (transition.equals("autoscaling:EC2_INSTANCE_LAUNCHING")) {
            kind = LifecycleAction.Transition.LAUNCHING;
        } else if (transition.equals("autoscaling:EC2_INSTANCE_TERMINATING")) {
            kind = LifecycleAction.Transition.TERMINATING;
        } else {
            throw new MalformedEventException("the Auto Scaling notification field 'LifecycleTransition' must be"
                    + " autoscaling:EC2_INSTANCE_LAUNCHING or autoscaling:EC2_INSTANCE_TERMINATING, got '" + transition + "'");
        }
        String token = note.requiredString("LifecycleActionToken");
        return new LifecycleAction(requestId != null ? requestId : token, time, null, group, kind,
                note.requiredString("LifecycleHookName"), token, note.requiredString("EC2InstanceId"),
                note.optionalString("NotificationMetadata"));
    }
}
