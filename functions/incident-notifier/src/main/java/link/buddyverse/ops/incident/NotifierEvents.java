package link.buddyverse.ops.incident;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.EventFields;
import link.buddyverse.ops.kit.event.MalformedEventException;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.tell.OpsEventDetail;
import link.buddyverse.ops.kit.tell.OpsEventTeller;

/**
 * Decodes the notifier's inputs. Alarms (EventBridge and SNS-wrapped) and schedule ticks go through ops-kit's
 * {@link EventDecoder}; "Ops Action", "RDS DB Instance Event" and the Auto Scaling "Unsuccessful" events are
 * decoded here rather than added to ops-kit's sealed {@code Trigger}: every function's pipeline treats any
 * trigger that is not an alarm as a schedule tick (ScalingTuner re-checks on one), so new trigger types there
 * would change how the other functions react to a stray event. The alarm's threshold, statistic and
 * description, which the message shows and ops-kit does not decode, are read here from the same input.
 */
@Singleton
public class NotifierEvents {

    static final String OPS_ACTION = OpsEventTeller.DETAIL_TYPE;
    static final String RDS_INSTANCE_EVENT = "RDS DB Instance Event";
    static final String LAUNCH_UNSUCCESSFUL = "EC2 Instance Launch Unsuccessful";
    static final String TERMINATE_UNSUCCESSFUL = "EC2 Instance Terminate Unsuccessful";
    static final Set<String> OUTCOME_STATUSES = Set.of("applied", "dry-run", "skipped", "failed");

    private final EventDecoder kit;
    private final JsonMapper jsonMapper;

    public NotifierEvents(EventDecoder kit, JsonMapper jsonMapper) {
        this.kit = kit;
        this.jsonMapper = jsonMapper;
    }

    public NotifierInput decode(JsonNode input) {
        if (input != null && input.isObject() && input.get("detail-type") != null) {
            EventFields event = new EventFields(input, "the EventBridge event");
            String type = event.optionalString("detail-type");
            String source = event.optionalString("source");
            if (OpsEventTeller.SOURCE.equals(source) && OPS_ACTION.equals(type)) {
                return opsAction(event);
            }
            if ("aws.rds".equals(source) && RDS_INSTANCE_EVENT.equals(type)) {
                return rdsEvent(event);
            }
            if ("aws.autoscaling".equals(source) && (LAUNCH_UNSUCCESSFUL.equals(type) || TERMINATE_UNSUCCESSFUL.equals(type))) {
                return scalingFailure(event, LAUNCH_UNSUCCESSFUL.equals(type));
            }
        }
        Trigger trigger = kit.decode(input);
        // Java 17 bytecode: no pattern matching in switch, so instanceof over the sealed type.
        if (trigger instanceof AlarmStateChange alarm) {
            return alarmFacts(alarm, input);
        }
        if (trigger instanceof ScheduledCheck tick) {
            return new DeliveryTick(tick.eventId(), tick.time());
        }
        throw new IllegalStateException("ops-kit decoded a trigger the notifier does not know: " + trigger.kind());
    }

    private OpsActionTaken opsAction(EventFields event) {
        String id = event.requiredString("id");
        event.requiredObject("detail");
        event.requiredObject("detail.action");
        String status = event.requiredString("detail.outcome.status");
        if (!OUTCOME_STATUSES.contains(status)) {
            throw new MalformedEventException("the EventBridge event field 'detail.outcome.status' must be one of "
                    + String.join(", ", OUTCOME_STATUSES.stream().sorted().toList()) + ", got '" + status + "'");
        }
        String action = event.requiredString("detail.action.action");
        String resource = event.requiredString("detail.action.resource");
        String target = event.optionalString("detail.action.target");
        TriggerView trigger = null;
        if (event.node("detail.trigger") != null) {
            trigger = new TriggerView(event.optionalString("detail.trigger.eventId"), event.optionalString("detail.trigger.kind"),
                    event.optionalString("detail.trigger.alarm"), event.optionalString("detail.trigger.state"),
                    event.optionalString("detail.trigger.time"));
        }
        OpsEventDetail detail = new OpsEventDetail(
                event.requiredString("detail.function"),
                trigger,
                new PlannedAction(action, resource, target == null ? resource : target,
                        event.optionalString("detail.action.before"), event.optionalString("detail.action.after"),
                        event.optionalString("detail.action.reason")),
                new OutcomeView(action, target == null ? resource : target, status, event.optionalString("detail.outcome.detail")),
                event.strings("detail.warnings"));
        return new OpsActionTaken(id, timeOf(event), event.optionalString("region"), detail);
    }

    private RdsInstanceEvent rdsEvent(EventFields event) {
        String id = event.requiredString("id");
        event.requiredObject("detail");
        String instance = event.requiredString("detail.SourceIdentifier");
        String message = event.requiredString("detail.Message");
        return new RdsInstanceEvent(id, timeOf(event), event.optionalString("region"), instance,
                event.optionalString("detail.EventID"), message, event.strings("detail.EventCategories"));
    }

    private ScalingActivityFailed scalingFailure(EventFields event, boolean launch) {
        String id = event.requiredString("id");
        event.requiredObject("detail");
        String group = event.requiredString("detail.AutoScalingGroupName");
        JsonNode details = event.node("detail.Details");
        String zone = null;
        if (details != null && details.isObject() && details.get("Availability Zone") != null
                && details.get("Availability Zone").isString()) {
            zone = details.get("Availability Zone").getStringValue();
        }
        return new ScalingActivityFailed(id, timeOf(event), event.optionalString("region"), group, launch,
                event.optionalString("detail.EC2InstanceId"), event.optionalString("detail.StatusMessage"),
                event.optionalString("detail.Cause"), zone);
    }

    private static Instant timeOf(EventFields event) {
        Instant time = event.optionalTime("time");
        return time == null ? Instant.now() : time;
    }

    /** Threshold, statistic, period and description: shown in the message, never required. */
    private AlarmChanged alarmFacts(AlarmStateChange alarm, JsonNode input) {
        if (input.get("detail-type") != null) {
            EventFields event = new EventFields(input, "the EventBridge event");
            String threshold = null;
            String reasonData = event.optionalString("detail.state.reasonData");
            if (reasonData != null) {
                JsonNode data = parse(reasonData);
                if (data != null && data.get("threshold") != null && data.get("threshold").isNumber()) {
                    threshold = plain(data.get("threshold"));
                }
            }
            String statistic = null;
            Integer period = null;
            JsonNode metrics = event.node("detail.configuration.metrics");
            if (metrics != null && metrics.isArray() && metrics.size() > 0 && metrics.get(0).get("metricStat") != null) {
                JsonNode stat = metrics.get(0).get("metricStat");
                statistic = stat.get("stat") != null && stat.get("stat").isString() ? stat.get("stat").getStringValue() : null;
                period = stat.get("period") != null && stat.get("period").isNumber() ? stat.get("period").getIntValue() : null;
            }
            return new AlarmChanged(alarm, threshold, null, statistic, period, event.optionalString("detail.configuration.description"));
        }
        JsonNode records = input.get("Records");
        JsonNode message = records.get(0).get("Sns").get("Message");
        JsonNode notification = parse(message.getStringValue());
        if (notification == null || !notification.isObject()) {
            return new AlarmChanged(alarm, null, null, null, null, null);
        }
        EventFields fields = new EventFields(notification, "the CloudWatch alarm notification");
        JsonNode threshold = fields.node("Trigger.Threshold");
        JsonNode period = fields.node("Trigger.Period");
        return new AlarmChanged(alarm, threshold != null && threshold.isNumber() ? plain(threshold) : null,
                fields.optionalString("Trigger.ComparisonOperator"), fields.optionalString("Trigger.Statistic"),
                period != null && period.isNumber() ? period.getIntValue() : null, fields.optionalString("AlarmDescription"));
    }

    private JsonNode parse(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** 70.0 -> "70", 0.5 -> "0.5": thresholds as a human writes them. */
    private static String plain(JsonNode number) {
        return number.getBigDecimalValue().stripTrailingZeros().toPlainString();
    }
}
