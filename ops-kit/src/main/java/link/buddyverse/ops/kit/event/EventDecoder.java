package link.buddyverse.ops.kit.event;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw Lambda input into a {@link Delivery}: one decoder per envelope.
 * <ul>
 *   <li>EventBridge (a rule's target, or a direct invoke of an EventBridge-shaped event): {@link EventBridgeEvents}</li>
 *   <li>SNS ({@code Records[0].Sns}): the CloudWatch alarm notification or an Auto Scaling lifecycle
 *       notification in its message: {@link SnsMessages}</li>
 *   <li>SQS batch ({@code Records[*].eventSource = aws:sqs}): each body is an EventBridge event, a kit
 *       re-check, a lifecycle hook's notification, or an SNS notification delivered through SQS</li>
 *   <li>direct invoke of a kit re-check ({@code {"source":"buddyverse.ops","recheck":{...}}})</li>
 * </ul>
 * Written against the JSON tree rather than aws-lambda-java-events' POJOs because the input is one of several
 * envelopes, and those POJOs only bind through the Lambda runtime's own mix-ins. Strict on the fields a
 * decision depends on, tolerant of every other field.
 */
@Singleton
public final class EventDecoder {

    private final JsonMapper jsonMapper;
    private final EventBridgeEvents eventBridge;
    private final SnsMessages sns;

    public EventDecoder(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
        this.eventBridge = new EventBridgeEvents(jsonMapper);
        this.sns = new SnsMessages(jsonMapper);
    }

    public Delivery decode(JsonNode input) {
        if (input == null || input.isNull() || !input.isObject()) {
            throw new MalformedEventException("the event must be a JSON object, got "
                    + (input == null || input.isNull() ? "nothing (null)" : input.isArray() ? "an array" : input.toString()));
        }
        if (input.get("Records") != null) {
            return decodeRecords(input.get("Records"));
        }
        return new Delivery.Single(decodeMessage(input, null));
    }

    /** Decodes one event that must be a single trigger (tests, priming, tools). */
    public Trigger decodeSingle(JsonNode input) {
        Delivery delivery = decode(input);
        if (delivery instanceof Delivery.Single single) {
            return single.trigger();
        }
        throw new MalformedEventException("expected one event, got an SQS batch");
    }

    private Delivery decodeRecords(JsonNode records) {
        if (!records.isArray() || records.size() == 0) {
            throw new MalformedEventException("'Records' must be a non-empty array, got " + (records.isArray() ? "an empty one" : "no array"));
        }
        JsonNode first = records.get(0);
        if (first.isObject() && first.get("Sns") != null) {
            if (records.size() != 1) {
                throw new MalformedEventException("an SNS notification must hold exactly one record in 'Records', got " + records.size());
            }
            return new Delivery.Single(sns.decodeRecord(new EventFields(first, "the SNS record")));
        }
        List<Delivery.BatchRecord> batch = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            batch.add(sqsRecord(records.get(i), i));
        }
        return new Delivery.Batch(batch);
    }

    private Delivery.BatchRecord sqsRecord(JsonNode record, int index) {
        EventFields fields = new EventFields(record, "SQS record " + index);
        String source = fields.optionalString("eventSource");
        if (!"aws:sqs".equals(source)) {
            throw new MalformedEventException("record " + index + " is neither an SNS nor an SQS record (eventSource '" + source + "')");
        }
        // A record without a message id cannot be reported back, so the whole batch is malformed.
        String messageId = fields.requiredString("messageId");
        try {
            JsonNode body = parse(fields.requiredString("body"), "the body of SQS message " + messageId);
            return Delivery.BatchRecord.of(messageId, decodeMessage(body, messageId));
        } catch (MalformedEventException e) {
            return new Delivery.BatchRecord(messageId, null, e.getMessage(), null);
        } catch (UnsupportedEventException e) {
            return new Delivery.BatchRecord(messageId, null, null, e.getMessage());
        }
    }

    /** One message: top-level input, or an SQS body. */
    private Trigger decodeMessage(JsonNode message, String sqsMessageId) {
        if (message == null || !message.isObject()) {
            throw new MalformedEventException("the event must be a JSON object");
        }
        if (message.get("detail-type") != null) {
            return eventBridge.decode(new EventFields(message, "the EventBridge event"));
        }
        if (message.get(RecheckMessages.FIELD) != null) {
            return RecheckMessages.decode(new EventFields(message, "the re-check message"));
        }
        if ("Notification".equals(text(message.get("Type"))) && message.get("Message") != null) {
            return sns.decodeEnvelope(new EventFields(message, "the SNS notification"));
        }
        if (message.get("LifecycleTransition") != null || message.get("Event") != null) {
            return sns.lifecycleNotification(new EventFields(message, "the Auto Scaling notification"), sqsMessageId);
        }
        throw new MalformedEventException("the event is neither an EventBridge event (no 'detail-type'), an SNS"
                + " notification or SQS batch (no 'Records'), nor a buddyverse.ops re-check (no '" + RecheckMessages.FIELD + "')");
    }

    private JsonNode parse(String json, String what) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException(what + " is not JSON");
        }
    }

    static String text(JsonNode node) {
        return node != null && node.isString() ? node.getStringValue() : null;
    }
}
