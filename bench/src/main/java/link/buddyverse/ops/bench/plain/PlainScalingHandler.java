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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The cold-start baseline: ScalingTunerFunction's scale-out path written as a plain aws-lambda-java-core
 * handler, no framework. Same SDK clients on the same url-connection HTTP client, same environment, and the
 * same requests in the same order for a CPU-high ALARM, as ops-kit v2's invocation skeleton makes them: record the
 * alarm's state (PutItem), claim the event id (PutItem), read the group (DescribeAutoScalingGroups), record the plan
 * on the claim (UpdateItem), take the cooldown lock (PutItem), SetDesiredCapacity, record the action applied
 * (UpdateItem ADD), tell (PutEvents), complete the claim (UpdateItem). Another state of a managed alarm is
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
    private final AutoScalingClient autoScaling = AutoScalingClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String groupName = env("SCALING_GROUP_NAME", "Buddy-AutoScaling-Group");
    private final String scaleOutAlarm = env("SCALING_SCALE_OUT_ALARMS", "Buddy-CPU-High");
    private final int step = Integer.parseInt(env("SCALING_STEP", "1"));
    private final int cooldownSeconds = Integer.parseInt(env("SCALING_COOLDOWN_SECONDS", "300"));

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

        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups();
        if (groups.isEmpty()) {
            return result("no-action", alarm, null, null);
        }
        AutoScalingGroup group = groups.get(0);
        int from = group.desiredCapacity();
        int to = Math.min(from + step, group.maxSize());
        if (to == from) {
            return result("no-action", alarm, from, to);
        }

        String reason = alarm + " is in ALARM: scale out by " + (to - from);
        String plan = "{\"cooldownSeconds\":" + cooldownSeconds + ",\"warnings\":[],\"notes\":[],\"actions\":[{\"type\":"
                + "\"SetDesiredCapacity\",\"action\":{\"groupName\":\"" + json(groupName) + "\",\"from\":" + from + ",\"to\":" + to
                + ",\"minSize\":" + group.minSize() + ",\"maxSize\":" + group.maxSize() + ",\"reason\":\"" + json(reason) + "\"}}]}";
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(claimKey)))
                .updateExpression("SET #plan = :plan")
                .conditionExpression("#status = :inProgress AND requestId = :me")
                .expressionAttributeNames(Map.of("#status", "status", "#plan", "plan"))
                .expressionAttributeValues(Map.of(":inProgress", s("IN_PROGRESS"), ":plan", s(plan),
                        ":me", s(context.getAwsRequestId()))));

        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s("lock#" + groupName), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(nowSeconds + cooldownSeconds)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":me", s(eventId))));
        } catch (ConditionalCheckFailedException held) {
            return result("skipped", alarm, from, to);
        }

        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(groupName).desiredCapacity(to).honorCooldown(false));
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(claimKey)))
                .updateExpression("ADD #applied :index")
                .expressionAttributeNames(Map.of("#applied", "applied"))
                .expressionAttributeValues(Map.of(":index", AttributeValue.builder().ns("0").build())));

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
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(claimKey)))
                .updateExpression("SET #status = :done, #result = :result, #exp = :exp")
                .expressionAttributeNames(Map.of("#status", "status", "#result", "result", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":done", s("COMPLETED"), ":result", s(resultJson),
                        ":exp", n(Instant.now().getEpochSecond() + Duration.ofHours(24).toSeconds()))));
        return result;
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
