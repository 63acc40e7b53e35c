package link.buddyverse.ops.kit.event;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the raw Lambda input into a typed {@link Trigger}.
 *
 * <p>Accepts the two ways an alarm reaches a function: the EventBridge event AWS emits on every alarm state
 * change, and the classic alarm notification that CloudWatch publishes to an SNS topic (many accounts route
 * alarms through SNS). Written against the JSON tree rather than aws-lambda-java-events' POJOs because the
 * input is one of several envelopes, and those POJOs only bind through the Lambda runtime's own mix-ins.
 * Strict on the fields a decision depends on, tolerant of every other field.
 */
@Singleton
public final class EventDecoder {

    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";
    static final String SCHEDULED_EVENT = "Scheduled Event";

    private final JsonMapper jsonMapper;

    public EventDecoder(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public Trigger decode(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new MalformedEventException("the event must be a JSON object, got " + (input == null ? "nothing" : input.toString()));
        }
        if (input.get("detail-type") != null) {
            return decodeEventBridge(new EventFields(input, "the EventBridge event"));
        }
        if (input.get("Records") != null) {
            return decodeSns(input);
        }
        throw new MalformedEventException(
                "the event is neither an EventBridge event (no 'detail-type') nor an SNS notification (no 'Records')");
    }

    private Trigger decodeEventBridge(EventFields event) {
        String detailType = event.requiredString("detail-type");
        String source = event.requiredString("source");
        String id = event.requiredString("id");
        Instant time = event.optionalTime("time");
        String region = event.optionalString("region");
        if (ALARM_STATE_CHANGE.equals(detailType) && "aws.cloudwatch".equals(source)) {
            return alarmFromEventBridge(event, id, time == null ? Instant.now() : time, region);
        }
        if (SCHEDULED_EVENT.equals(detailType) && "aws.events".equals(source)) {
            JsonNode resources = event.node("resources");
            String rule = resources != null && resources.isArray() && resources.size() > 0 && resources.get(0).isString()
                    ? resources.get(0).getStringValue() : null;
            return new ScheduledCheck(id, time == null ? Instant.now() : time, region, rule);
        }
        throw new UnsupportedEventException("EventBridge events of source '" + source + "' and detail-type '"
                + detailType + "' are not handled here");
    }

    private AlarmStateChange alarmFromEventBridge(EventFields event, String id, Instant time, String region) {
        event.requiredObject("detail");
        String alarmName = event.requiredString("detail.alarmName");
        AlarmState state = event.requiredState("detail.state.value");
        AlarmState previous = event.optionalState("detail.previousState.value");
        String reason = event.optionalString("detail.state.reason");
        String namespace = null;
        String metricName = null;
        Map<String, String> dimensions = Map.of();
        JsonNode metrics = event.node("detail.configuration.metrics");
        if (metrics != null && metrics.isArray() && metrics.size() > 0) {
            JsonNode metric = metrics.get(0).get("metricStat");
            metric = metric == null ? null : metric.get("metric");
            if (metric != null && metric.isObject()) {
                namespace = text(metric.get("namespace"));
                metricName = text(metric.get("name"));
                dimensions = Map.copyOf(EventFields.stringMap(metric.get("dimensions")));
            }
        }
        return new AlarmStateChange(id, time, region, event.optionalString("account"), alarmName, state, previous,
                reason, namespace, metricName, dimensions);
    }

    private AlarmStateChange decodeSns(JsonNode input) {
        JsonNode records = input.get("Records");
        if (!records.isArray() || records.size() != 1) {
            throw new MalformedEventException("an SNS notification must hold exactly one record in 'Records', got "
                    + (records.isArray() ? records.size() : "no array"));
        }
        EventFields record = new EventFields(records.get(0), "the SNS record");
        String messageId = record.requiredString("Sns.MessageId");
        String message = record.requiredString("Sns.Message");
        JsonNode alarmJson;
        try {
            alarmJson = jsonMapper.readValue(message, JsonNode.class);
        } catch (IOException e) {
            throw new MalformedEventException("the SNS message is not a CloudWatch alarm notification: it is not JSON", e);
        }
        EventFields alarm = new EventFields(alarmJson, "the CloudWatch alarm notification in the SNS message");
        String alarmName = alarm.requiredString("AlarmName");
        AlarmState state = alarm.requiredState("NewStateValue");
        Instant time = alarm.optionalTime("StateChangeTime");
        if (time == null) {
            time = record.optionalTime("Sns.Timestamp");
        }
        String arn = alarm.optionalString("AlarmArn");
        String[] arnParts = arn == null ? new String[0] : arn.split(":");
        Map<String, String> dimensions = new LinkedHashMap<>();
        JsonNode dims = alarm.node("Trigger.Dimensions");
        if (dims != null && dims.isArray()) {
            for (int i = 0; i < dims.size(); i++) {
                JsonNode dim = dims.get(i);
                if (dim.isObject() && text(dim.get("name")) != null && text(dim.get("value")) != null) {
                    dimensions.put(text(dim.get("name")), text(dim.get("value")));
                }
            }
        }
        return new AlarmStateChange(messageId, time == null ? Instant.now() : time,
                arnParts.length > 3 ? arnParts[3] : null,
                arnParts.length > 4 ? arnParts[4] : alarm.optionalString("AWSAccountId"),
                alarmName, state, alarm.optionalState("OldStateValue"), alarm.optionalString("NewStateReason"),
                alarm.optionalString("Trigger.Namespace"), alarm.optionalString("Trigger.MetricName"),
                Map.copyOf(dimensions));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.getStringValue() : null;
    }
}
