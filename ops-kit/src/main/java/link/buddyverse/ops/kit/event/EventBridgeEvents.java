package link.buddyverse.ops.kit.event;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.tell.OpsEventDetail;
import link.buddyverse.ops.kit.tell.OpsEventTeller;

/** The EventBridge envelope: one decoder per (source, detail-type) the six functions take. */
final class EventBridgeEvents {

    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";
    static final String SCHEDULED_EVENT = "Scheduled Event";
    static final String RDS_INSTANCE_EVENT = "RDS DB Instance Event";
    static final String LAUNCH_LIFECYCLE = "EC2 Instance-launch Lifecycle Action";
    static final String TERMINATE_LIFECYCLE = "EC2 Instance-terminate Lifecycle Action";
    static final Set<String> OUTCOME_STATUSES = Set.of("applied", "dry-run", "skipped", "failed");
    private static final Map<String, AutoScalingInstanceEvent.Activity> ACTIVITIES = Map.of(
            "EC2 Instance Launch Successful", AutoScalingInstanceEvent.Activity.LAUNCH,
            "EC2 Instance Launch Unsuccessful", AutoScalingInstanceEvent.Activity.LAUNCH,
            "EC2 Instance Terminate Successful", AutoScalingInstanceEvent.Activity.TERMINATE,
            "EC2 Instance Terminate Unsuccessful", AutoScalingInstanceEvent.Activity.TERMINATE);

    private final JsonMapper jsonMapper;

    EventBridgeEvents(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    Trigger decode(EventFields event) {
        String detailType = event.requiredString("detail-type");
        String source = event.requiredString("source");
        String id = event.requiredString("id");
        Instant time = event.optionalTime("time");
        time = time == null ? Instant.now() : time;
        String region = event.optionalString("region");
        if ("aws.cloudwatch".equals(source) && ALARM_STATE_CHANGE.equals(detailType)) {
            return alarm(event, id, time, region);
        }
        if ("aws.events".equals(source) && SCHEDULED_EVENT.equals(detailType)) {
            JsonNode resources = event.node("resources");
            String rule = resources != null && resources.isArray() && resources.size() > 0 && resources.get(0).isString()
                    ? resources.get(0).getStringValue() : null;
            return new ScheduledCheck(id, time, region, rule);
        }
        if (OpsEventTeller.SOURCE.equals(source) && OpsEventTeller.DETAIL_TYPE.equals(detailType)) {
            return opsAction(event, id, time, region);
        }
        if ("aws.rds".equals(source) && RDS_INSTANCE_EVENT.equals(detailType)) {
            event.requiredObject("detail");
            return new RdsInstanceEvent(id, time, region, event.requiredString("detail.SourceIdentifier"),
                    event.optionalString("detail.EventID"), event.requiredString("detail.Message"),
                    event.strings("detail.EventCategories"));
        }
        if ("aws.autoscaling".equals(source) && ACTIVITIES.containsKey(detailType)) {
            return instanceActivity(event, id, time, region, detailType);
        }
        if ("aws.autoscaling".equals(source) && (LAUNCH_LIFECYCLE.equals(detailType) || TERMINATE_LIFECYCLE.equals(detailType))) {
            event.requiredObject("detail");
            return new LifecycleAction(id, time, region, event.requiredString("detail.AutoScalingGroupName"),
                    LAUNCH_LIFECYCLE.equals(detailType) ? LifecycleAction.Transition.LAUNCHING : LifecycleAction.Transition.TERMINATING,
                    event.requiredString("detail.LifecycleHookName"), event.requiredString("detail.LifecycleActionToken"),
                    event.requiredString("detail.EC2InstanceId"), event.optionalString("detail.NotificationMetadata"));
        }
        throw new UnsupportedEventException("EventBridge events of source '" + source + "' and detail-type '"
                + detailType + "' are not handled here");
    }

    private AlarmStateChange alarm(EventFields event, String id, Instant time, String region) {
        event.requiredObject("detail");
        String namespace = null;
        String metricName = null;
        String statistic = null;
        Integer period = null;
        Map<String, String> dimensions = Map.of();
        JsonNode metrics = event.node("detail.configuration.metrics");
        if (metrics != null && metrics.isArray() && metrics.size() > 0 && metrics.get(0).get("metricStat") != null) {
            JsonNode stat = metrics.get(0).get("metricStat");
            JsonNode metric = stat.get("metric");
            if (metric != null && metric.isObject()) {
                namespace = EventDecoder.text(metric.get("namespace"));
                metricName = EventDecoder.text(metric.get("name"));
                dimensions = Map.copyOf(EventFields.stringMap(metric.get("dimensions")));
            }
            statistic = EventDecoder.text(stat.get("stat"));
            period = stat.get("period") != null && stat.get("period").isNumber() ? stat.get("period").getIntValue() : null;
        }
        String threshold = null;
        String reasonData = event.optionalString("detail.state.reasonData");
        if (reasonData != null) {
            JsonNode data = parseQuietly(reasonData);
            if (data != null && data.isObject() && data.get("threshold") != null && data.get("threshold").isNumber()) {
                threshold = plain(data.get("threshold"));
            }
        }
        return new AlarmStateChange(id, time, region, event.optionalString("account"),
                event.requiredString("detail.alarmName"), event.requiredState("detail.state.value"),
                event.optionalState("detail.previousState.value"), event.optionalString("detail.state.reason"),
                namespace, metricName, dimensions,
                new AlarmStateChange.AlarmFacts(threshold, null, statistic, period,
                        event.optionalString("detail.configuration.description")));
    }

    private OpsActionEvent opsAction(EventFields event, String id, Instant time, String region) {
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
                    event.optionalString("detail.trigger.subject"), event.optionalString("detail.trigger.alarm"),
                    event.optionalString("detail.trigger.state"), event.optionalString("detail.trigger.time"));
        }
        OpsEventDetail detail = new OpsEventDetail(
                event.requiredString("detail.function"),
                trigger,
                new PlannedAction(action, resource, target == null ? resource : target,
                        event.optionalString("detail.action.before"), event.optionalString("detail.action.after"),
                        event.optionalString("detail.action.reason")),
                new OutcomeView(action, target == null ? resource : target, status, event.optionalString("detail.outcome.detail")),
                event.strings("detail.warnings"));
        return new OpsActionEvent(id, time, region, detail);
    }

    private AutoScalingInstanceEvent instanceActivity(EventFields event, String id, Instant time, String region,
                                                      String detailType) {
        event.requiredObject("detail");
        JsonNode details = event.node("detail.Details");
        String zone = details != null && details.isObject() ? EventDecoder.text(details.get("Availability Zone")) : null;
        return new AutoScalingInstanceEvent(id, time, region, event.requiredString("detail.AutoScalingGroupName"),
                ACTIVITIES.get(detailType), !detailType.endsWith("Unsuccessful"), event.optionalString("detail.EC2InstanceId"),
                event.optionalString("detail.StatusMessage"), event.optionalString("detail.Cause"), zone);
    }

    private JsonNode parseQuietly(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** 70.0 -> "70", 0.5 -> "0.5": thresholds as a human writes them. */
    static String plain(JsonNode number) {
        return number.getBigDecimalValue().stripTrailingZeros().toPlainString();
    }
}
