package link.buddyverse.ops.bench.plain;

import static link.buddyverse.ops.bench.plain.PlainValues.env;
import static link.buddyverse.ops.bench.plain.PlainValues.json;
import static link.buddyverse.ops.bench.plain.PlainValues.n;
import static link.buddyverse.ops.bench.plain.PlainValues.s;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The cold-start baseline: ScalingTunerFunction's scale-out path written as a plain aws-lambda-java-core
 * handler, no framework. Same SDK clients on the same url-connection HTTP client, same environment, and the
 * same requests in the same order for a CPU-high ALARM, as ops-kit's invocation skeleton makes them: claim the event
 * id (PutItem), take the group's lease (PutItem {@code lease#<group>}), ask CloudWatch whether an event older than
 * {@code SCALING_ALARM_MAX_AGE_SECONDS} still holds (DescribeAlarms), read the group (DescribeAutoScalingGroups),
 * record the plan on the claim (UpdateItem), take the cooldown lock (PutItem), read the group again before applying
 * (DescribeAutoScalingGroups), record the action attempted (UpdateItem), SetDesiredCapacity, record it applied
 * (UpdateItem), tell (PutEvents), give the lease back (DeleteItem), complete the claim (UpdateItem); every claim
 * update fenced to this invocation. Another state of a managed alarm is
 * recorded, then skipped.
 * Decisions are cut down to that one path: it exists to be measured, not deployed. The bench checks on every run
 * of {@code ./ops bench} that both make the same calls (its "AWS calls" line), so a change to the function that
 * this class does not follow shows up there.
 */
public class PlainScalingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "PlainScalingHandler";
    private static final String KEY = "pk";
    private static final String EXPIRES_AT = "expiresAt";

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = Region.of(env("AWS_REGION", "ap-northeast-2"));
    private final AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EventBridgeClient eventBridge = EventBridgeClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final AutoScalingClient autoScaling = AutoScalingClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String groupName = env("SCALING_GROUP_NAME", "Buddy-AutoScaling-Group");
    private final String scaleOutAlarm = env("SCALING_SCALE_OUT_ALARMS", "Buddy-CPU-High");
    private final int step = Integer.parseInt(env("SCALING_STEP", "1"));
    private final int cooldownSeconds = Integer.parseInt(env("SCALING_COOLDOWN_SECONDS", "300"));
    private final long alarmMaxAgeSeconds = Long.parseLong(env("SCALING_ALARM_MAX_AGE_SECONDS", "120"));

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String alarm = (String) detail.get("alarmName");
        Map<String, Object> state = (Map<String, Object>) detail.getOrDefault("state", Map.of());
        Object stateValue = state.get("value");
        if (eventId == null || !scaleOutAlarm.equals(alarm) || !"ALARM".equals(stateValue)) {
            return result("skipped", alarm, null, null);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + NAME + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", alarm, null, null);
        }
        if (!PlainValues.takeLease(dynamoDb, table, groupName, eventId, context)) {
            return result("skipped", alarm, null, null);
        }
        // The lease is given back before the claim completes, as ops-kit does.
        Outcome outcome;
        try {
            outcome = act(event, eventId, alarm, claimKey, now, context);
        } finally {
            PlainValues.releaseLease(dynamoDb, table, groupName, eventId);
        }
        if (outcome.resultJson() != null) {
            PlainValues.complete(dynamoDb, table, claimKey, context.getAwsRequestId(), outcome.resultJson());
        }
        return outcome.result();
    }

    /** What the invocation answers, and the result the claim completes with (null: left as it is). */
    private record Outcome(Map<String, Object> result, String resultJson) {
    }

    private Outcome act(Map<String, Object> event, String eventId, String alarm, String claimKey, Instant now,
            Context context) {
        long nowSeconds = now.getEpochSecond();
        String time = (String) event.get("time");
        if (time != null && Duration.between(Instant.parse(time), now).getSeconds() > alarmMaxAgeSeconds) {
            // An old ALARM may have cleared since: CloudWatch's state now decides (an alarm it does not know stands).
            String stateNow = cloudWatch.describeAlarms(b -> b.alarmNames(alarm)).metricAlarms().stream()
                    .filter(a -> alarm.equals(a.alarmName())).map(a -> a.stateValueAsString()).findFirst().orElse("ALARM");
            if (!"ALARM".equals(stateNow)) {
                return new Outcome(result("no-action", alarm, null, null), null);
            }
        }

        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups();
        if (groups.isEmpty()) {
            return new Outcome(result("no-action", alarm, null, null), null);
        }
        AutoScalingGroup group = groups.get(0);
        int from = group.desiredCapacity();
        int to = Math.min(from + step, group.maxSize());
        if (to == from) {
            return new Outcome(result("no-action", alarm, from, to), null);
        }

        String reason = alarm + " is in ALARM: scale out by " + (to - from);
        String plan = "{\"cooldownSeconds\":" + cooldownSeconds + ",\"warnings\":[],\"notes\":[],\"actions\":[{\"type\":"
                + "\"SetDesiredCapacity\",\"action\":{\"groupName\":\"" + json(groupName) + "\",\"from\":" + from + ",\"to\":" + to
                + ",\"minSize\":" + group.minSize() + ",\"maxSize\":" + group.maxSize() + ",\"reason\":\"" + json(reason) + "\"}}]}";
        PlainValues.recordPlan(dynamoDb, table, claimKey, context.getAwsRequestId(), plan);

        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s("lock#" + groupName), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(nowSeconds + cooldownSeconds)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":me", s(eventId))));
        } catch (ConditionalCheckFailedException held) {
            return new Outcome(result("skipped", alarm, from, to), null);
        }

        // Re-read before applying: the plan stands only if the group is as it was planned from.
        List<AutoScalingGroup> current = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups();
        if (current.isEmpty() || current.get(0).desiredCapacity() != from) {
            return new Outcome(result("no-action", alarm, from, from), null);
        }
        PlainValues.markAttempted(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(groupName).desiredCapacity(to).honorCooldown(false));
        PlainValues.markApplied(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);

        String trigger = "{\"eventId\":\"" + json(eventId) + "\",\"kind\":\"alarm\",\"subject\":\"" + json(alarm)
                + "\",\"alarm\":\"" + json(alarm) + "\",\"state\":\"ALARM\",\"time\":\"" + json((String) event.get("time")) + "\"}";
        String action = "{\"action\":\"SetDesiredCapacity\",\"resource\":\"" + json(groupName) + "\",\"target\":\""
                + json(groupName) + "\",\"before\":\"" + from + "\",\"after\":\"" + to + "\",\"reason\":\"" + json(reason) + "\"}";
        String outcome = "{\"action\":\"SetDesiredCapacity\",\"target\":\"" + json(groupName) + "\",\"status\":\"applied\","
                + "\"detail\":\"\"}";
        String detailJson = "{\"function\":\"" + NAME + "\",\"trigger\":" + trigger + ",\"action\":" + action
                + ",\"outcome\":" + outcome + ",\"warnings\":[]}";
        eventBridge.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(eventBus).source("buddyverse.ops").detailType("Ops Action")
                .resources(List.of()).detail(detailJson).build()));

        Map<String, Object> result = result("applied", alarm, from, to);
        String resultJson = "{\"function\":\"" + NAME + "\",\"status\":\"applied\",\"trigger\":" + trigger + ",\"plan\":["
                + action + "],\"outcomes\":[" + outcome + "],\"warnings\":[],\"notes\":[],\"reason\":null}";
        return new Outcome(result, resultJson);
    }

    private static Map<String, Object> result(String status, String alarm, Integer from, Integer to) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("function", NAME);
        result.put("status", status);
        result.put("alarm", alarm);
        if (from != null) {
            result.put("before", from);
            result.put("after", to);
        }
        return result;
    }
}
