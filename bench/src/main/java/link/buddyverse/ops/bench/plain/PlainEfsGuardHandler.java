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
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The cold-start baseline of EfsGuardFunction: its credits-low path written as a plain aws-lambda-java-core handler,
 * no framework. The same SDK clients (DynamoDB, EventBridge, EFS, CloudWatch; CloudWatch is built, as the function
 * builds it, though this path makes no CloudWatch call) on the url-connection HTTP client, and the same requests in
 * the same order for Buddy-EFS-Burst-Credits-Low in ALARM, as the function with ops-kit's skeleton makes them: claim
 * the event id (PutItem), take the function's lease (PutItem {@code lease#EfsGuardFunction}), find the file system by
 * its Name tag (DescribeFileSystems), read the function's memory of it (GetItem), record the plan (UpdateItem), take
 * the file system's lock (PutItem), read its mode again before applying (DescribeFileSystems), record the action
 * attempted (UpdateItem), check the mode and UpdateFileSystem to elastic (DescribeFileSystems, UpdateFileSystem),
 * remember the change (GetItem, PutItem), record the action applied (UpdateItem), tell (PutEvents), give the lease
 * back (DeleteItem), complete the claim (UpdateItem); every claim update fenced to this invocation. Any other alarm or state is skipped.
 * Decisions are cut down to that one path: it exists to be measured, not deployed.
 */
public class PlainEfsGuardHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "PlainEfsGuardHandler";
    private static final String KEY = "pk";
    private static final String EXPIRES_AT = "expiresAt";

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = Region.of(env("AWS_REGION", "ap-northeast-2"));
    private final AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EventBridgeClient eventBridge = EventBridgeClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EfsClient efs = EfsClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    /** The function's lease covers its whole file system set, named after the function as ops-kit names it. */
    private static final String LEASE = "EfsGuardFunction";
    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String fileSystem = env("EFS_FILE_SYSTEM", "");
    private final Set<String> throughputAlarms = Set.of(
            env("EFS_CREDITS_LOW_ALARMS", "Buddy-EFS-Burst-Credits-Low"),
            env("EFS_THROUGHPUT_HIGH_ALARMS", "Buddy-EFS-Throughput-High"));
    private final int cooldownMinutes = Integer.parseInt(env("EFS_CHANGE_COOLDOWN_MINUTES", "15"));

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String alarm = (String) detail.get("alarmName");
        Map<String, Object> state = (Map<String, Object>) detail.getOrDefault("state", Map.of());
        if (eventId == null || !throughputAlarms.contains(alarm) || !"ALARM".equals(state.get("value"))) {
            return result("skipped", alarm, null, null);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + NAME + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", alarm, null, null);
        }
        if (!PlainValues.takeLease(dynamoDb, table, LEASE, eventId, context)) {
            return result("skipped", alarm, null, null);
        }
        // The lease is given back before the claim completes, as ops-kit does.
        Outcome outcome;
        try {
            outcome = act(event, eventId, alarm, claimKey, now, context);
        } finally {
            PlainValues.releaseLease(dynamoDb, table, LEASE, eventId);
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

        // By id, as the deployed stack imports it from the core stack (the function also takes a Name tag).
        List<FileSystemDescription> found = efs.describeFileSystems(b -> b.fileSystemId(fileSystem)).fileSystems();
        if (found.isEmpty() || !"available".equals(found.get(0).lifeCycleStateAsString())) {
            return new Outcome(result("no-action", alarm, null, null), null);
        }
        String id = found.get(0).fileSystemId();
        String from = found.get(0).throughputModeAsString();
        String memoryKey = "memory#EfsGuardFunction#" + id;
        Map<String, AttributeValue> memory = readMemory(memoryKey);
        if (!"bursting".equals(from) || memory.containsKey("data") && memory.get("data").s().contains("\"lastChange\":{")) {
            return new Outcome(result("no-action", alarm, from, from), null);
        }
        String to = "elastic";

        String reason = alarm + " is in ALARM: elastic throughput instead of the baseline once burst credits run out";
        String plan = "{\"cooldownSeconds\":" + cooldownMinutes * 60 + ",\"warnings\":[],\"notes\":[],\"actions\":[{\"type\":"
                + "\"SetThroughputMode\",\"action\":{\"fileSystemId\":\"" + json(id) + "\",\"from\":\"" + from + "\",\"to\":\""
                + to + "\",\"reason\":\"" + json(reason) + "\"}}]}";
        PlainValues.recordPlan(dynamoDb, table, claimKey, context.getAwsRequestId(), plan);

        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s("lock#" + id), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(nowSeconds + cooldownMinutes * 60L)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":me", s(eventId))));
        } catch (ConditionalCheckFailedException held) {
            return new Outcome(result("skipped", alarm, from, to), null);
        }

        // Re-read before applying (the plan was made from the list), then the change checks the mode itself again.
        if (!from.equals(efs.describeFileSystems(b -> b.fileSystemId(id)).fileSystems().get(0).throughputModeAsString())) {
            return new Outcome(result("no-action", alarm, from, from), null);
        }
        PlainValues.markAttempted(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);
        String current = efs.describeFileSystems(b -> b.fileSystemId(id)).fileSystems().get(0).throughputModeAsString();
        if (!to.equals(current)) {
            efs.updateFileSystem(b -> b.fileSystemId(id).throughputMode(to));
        }
        Instant changed = Instant.now();
        Map<String, AttributeValue> read = readMemory(memoryKey);
        long version = read.containsKey("version") ? Long.parseLong(read.get("version").n()) : 0;
        String data = "{\"lastChange\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"at\":\"" + changed + "\"}}";
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(KEY, s(memoryKey), "version", n(version + 1), "data", s(data), "updatedAt", s(changed.toString()),
                        EXPIRES_AT, n(changed.plus(Duration.ofDays(30)).getEpochSecond())))
                .conditionExpression(version == 0 ? "attribute_not_exists(#pk)" : "version = :read")
                .expressionAttributeNames(version == 0 ? Map.of("#pk", KEY) : null)
                .expressionAttributeValues(version == 0 ? null : Map.of(":read", n(version))));
        PlainValues.markApplied(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);

        String trigger = "{\"eventId\":\"" + json(eventId) + "\",\"kind\":\"alarm\",\"subject\":\"" + json(alarm)
                + "\",\"alarm\":\"" + json(alarm) + "\",\"state\":\"ALARM\",\"time\":\"" + json((String) event.get("time")) + "\"}";
        String action = "{\"action\":\"SetThroughputMode\",\"resource\":\"" + json(id) + "\",\"target\":\"" + json(id)
                + "\",\"before\":\"" + from + "\",\"after\":\"" + to + "\",\"reason\":\"" + json(reason) + "\"}";
        String outcome = "{\"action\":\"SetThroughputMode\",\"target\":\"" + json(id) + "\",\"status\":\"applied\",\"detail\":\"\"}";
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

    private Map<String, AttributeValue> readMemory(String memoryKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(memoryKey)))
                .consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private static Map<String, Object> result(String status, String alarm, String from, String to) {
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
