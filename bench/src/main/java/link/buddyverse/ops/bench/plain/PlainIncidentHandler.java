package link.buddyverse.ops.bench.plain;

import static link.buddyverse.ops.bench.plain.PlainValues.env;
import static link.buddyverse.ops.bench.plain.PlainValues.json;
import static link.buddyverse.ops.bench.plain.PlainValues.n;
import static link.buddyverse.ops.bench.plain.PlainValues.s;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The cold-start baseline of IncidentNotifierFunction: its path for a new alarm incident written as a plain
 * aws-lambda-java-core handler, no framework, no Slack SDK. The same DynamoDB client on the same url-connection
 * HTTP client and the same requests in the same order, items of the same shape and size: claim the event id
 * (PutItem), read the incident and the current storm (GetItem x2), count the minute's openings (UpdateItem ADD),
 * write the outbox notice, the resource pointer and the incident with its "work" index keys (PutItem x3), take the
 * thread's Slack lock (PutItem), read the incident and its outbox (GetItem, BatchGetItem), mark the notice sent
 * (UpdateItem), one chat.postMessage (HttpURLConnection, form-encoded blocks), record the message's ts
 * (UpdateItem), drop the notice (DeleteItem), leave the work index (UpdateItem REMOVE), re-read, release the lock
 * (DeleteItem), check nothing is pending (GetItem), complete the claim (UpdateItem). An alarm that is not the
 * stack's is skipped with no call. Decisions are cut down to that one path: it exists to be measured, not
 * deployed; {@code ./ops bench} checks on every run that both make the same calls.
 */
public class PlainIncidentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "IncidentNotifierFunction";
    private static final String KEY = "pk";
    private static final String EXPIRES_AT = "expiresAt";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final Pattern FIELD = Pattern.compile("\"(channel|ts)\"\\s*:\\s*\"([^\"]*)\"");

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = Region.of(env("AWS_REGION", "ap-northeast-2"));
    private final AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String prefix = env("INCIDENT_ALARM_PREFIX", "Buddy-");
    private final List<String> quiet = List.of(env("INCIDENT_QUIET_ALARMS", "Buddy-CPU-Low").split(","));
    private final String channel = env("INCIDENT_WARNING_CHANNEL", "#buddy-ops");
    private final String slackApi = env("SLACK_API_URL", "https://slack.com/api/");
    private final String token = env("SLACK_BOT_TOKEN", "");

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String alarm = (String) detail.get("alarmName");
        Map<String, Object> state = (Map<String, Object>) detail.getOrDefault("state", Map.of());
        if (eventId == null || alarm == null || !alarm.startsWith(prefix) || quiet.contains(alarm)
                || !"ALARM".equals(state.get("value"))) {
            return result("skipped", alarm);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + NAME + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", alarm);
        }

        String incidentKey = "incident#" + alarm;
        if (dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey))).consistentRead(true)).hasItem()) {
            return result("no-change", alarm);
        }
        dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s("incident#storm:" + MINUTE.format(now.minusSeconds(60)))))
                .consistentRead(true));
        long weekLater = nowSeconds + Duration.ofDays(14).toSeconds();
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s("storm#" + MINUTE.format(now))))
                .returnValues(ReturnValue.ALL_NEW)
                .updateExpression("ADD #members :key SET #exp = :exp")
                .expressionAttributeNames(Map.of("#members", "members", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":key", AttributeValue.builder().ss(alarm).build(),
                        ":exp", n(nowSeconds + Duration.ofDays(1).toSeconds()))));

        String group = groupOf(detail);
        String doc = incidentDoc(alarm, eventId, group, (String) state.getOrDefault("reason", ""),
                ((Map<String, Object>) detail.getOrDefault("configuration", Map.of())).getOrDefault("description", "").toString(), now);
        String noticeId = "0000000000-" + eventId;
        String outboxKey = "outbox#" + alarm + "#" + noticeId;
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(KEY, s(outboxKey), "id", s(noticeId), "thread", s(alarm),
                "kind", s("MESSAGE"), "phase", s("OPENED"), "eventId", s(eventId), "createdAt", s(now.toString()),
                "snapshot", s(doc), "attempts", n(0), EXPIRES_AT, n(weekLater))));
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(KEY, s("incident-of#" + group), "incident", s(alarm),
                "at", s(now.toString()), EXPIRES_AT, n(weekLater))));
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(KEY, s(incidentKey), "doc", s(doc), "status", s("OPEN"), "version", n(1),
                        "pending", AttributeValue.builder().ss(noticeId).build(), "workShard", s("due"), "workAt", n(0)))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", KEY)));

        // Deliver the thread's outbox under its lock.
        String holder = UUID.randomUUID().toString();
        long lockedAt = Instant.now().getEpochSecond();
        String lockKey = "lock#slack#" + alarm;
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(KEY, s(lockKey), "holder", s(holder), "acquiredAt", s(Instant.now().toString()),
                        EXPIRES_AT, n(lockedAt + 60)))
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", n(lockedAt), ":me", s(holder))));
        dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey))).consistentRead(true));
        dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(List.of(Map.of(KEY, s(outboxKey)))).consistentRead(true).build())));

        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(outboxKey)))
                .updateExpression("SET #sentAt = if_not_exists(#sentAt, :now), #unanswered = :yes")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#sentAt", "sentAt", "#unanswered", "unanswered", "#pk", KEY))
                .expressionAttributeValues(Map.of(":now", n(Instant.now().toEpochMilli()),
                        ":yes", AttributeValue.builder().bool(true).build())));
        String answer = postMessage(alarm, (String) state.getOrDefault("reason", ""), group);
        Map<String, String> slack = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(answer);
        while (field.find()) {
            slack.putIfAbsent(field.group(1), field.group(2));
        }
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey)))
                .returnValues(ReturnValue.ALL_NEW)
                .updateExpression("SET #channel = :channel, #ts = :ts DELETE #pending :ids")
                .expressionAttributeNames(Map.of("#channel", "slackChannel", "#ts", "slackTs", "#pending", "pending"))
                .expressionAttributeValues(Map.of(":channel", s(slack.getOrDefault("channel", channel)),
                        ":ts", s(slack.getOrDefault("ts", "")), ":ids", AttributeValue.builder().ss(noticeId).build())));
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(outboxKey))));
        // Nothing pending any more: out of the sparse "work" index.
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey)))
                .updateExpression("REMOVE #shard, #at")
                .conditionExpression("attribute_not_exists(#pending) AND #version = :version")
                .expressionAttributeNames(Map.of("#shard", "workShard", "#at", "workAt", "#pending", "pending", "#version", "version"))
                .expressionAttributeValues(Map.of(":version", n(1))));
        dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey))).consistentRead(true));
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(lockKey)))
                .conditionExpression("holder = :me").expressionAttributeValues(Map.of(":me", s(holder))));
        dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentKey))).consistentRead(true)
                .projectionExpression("#pending").expressionAttributeNames(Map.of("#pending", "pending")));

        Map<String, Object> result = result("notified", alarm);
        String resultJson = "{\"function\":\"" + NAME + "\",\"status\":\"notified\",\"input\":{\"eventId\":\"" + json(eventId)
                + "\",\"kind\":\"alarm\",\"subject\":\"" + json(alarm) + "\",\"state\":\"ALARM\"},\"incident\":{\"key\":\""
                + json(alarm) + "\",\"kind\":\"alarm\",\"status\":\"open\",\"severity\":\"warning\",\"title\":\"" + json(alarm)
                + "\",\"openedAt\":\"" + now + "\"},\"change\":\"opened\",\"delivery\":{\"mode\":\"bot\",\"delivered\":1,\"pending\":0}}";
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(claimKey)))
                .updateExpression("SET #status = :done, #result = :result, #exp = :exp")
                .expressionAttributeNames(Map.of("#status", "status", "#result", "result", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":done", s("COMPLETED"), ":result", s(resultJson),
                        ":exp", n(Instant.now().getEpochSecond() + Duration.ofHours(24).toSeconds()))));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static String groupOf(Map<String, Object> detail) {
        try {
            Map<String, Object> configuration = (Map<String, Object>) detail.get("configuration");
            Map<String, Object> metric = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((List<Object>) configuration.get("metrics")).get(0)).get("metricStat")).get("metric");
            return ((Map<String, Object>) metric.get("dimensions")).get("AutoScalingGroupName").toString();
        } catch (RuntimeException notThere) {
            return "unknown";
        }
    }

    private String incidentDoc(String alarm, String eventId, String group, String reason, String description, Instant now) {
        String region = this.region.id();
        return "{\"key\":\"" + json(alarm) + "\",\"kind\":\"ALARM\",\"status\":\"OPEN\",\"episode\":\"" + json(eventId)
                + "\",\"severity\":\"WARNING\",\"title\":\"" + json(alarm) + "\",\"resource\":\"" + json(group)
                + "\",\"resourceLink\":\"https://" + region + ".console.aws.amazon.com/ec2/home?region=" + region
                + "#AutoScalingGroupDetails:id=" + json(group) + ";view=activity\",\"alarmLink\":\"https://" + region
                + ".console.aws.amazon.com/cloudwatch/home?region=" + region + "#alarmsV2:alarm/" + json(alarm)
                + "\",\"region\":\"" + region + "\",\"metric\":\"AWS/EC2 CPUUtilization (Average, 60 s)\",\"threshold\":\"70\","
                + "\"reason\":\"" + json(reason) + "\",\"description\":\"" + json(description) + "\",\"openedAt\":\"" + now
                + "\",\"lastChangeAt\":\"" + now + "\",\"reopenCount\":0,\"nextSeq\":1,\"appliedEvents\":[\"" + json(eventId) + "\"]}";
    }

    /** chat.postMessage with a header and a section, form-encoded as Slack's SDK sends it. */
    private String postMessage(String alarm, String reason, String group) {
        String text = ":warning: " + alarm + " is in ALARM";
        String blocks = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + json(text) + "\"}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*In ALARM* on " + json(group) + "\\n"
                + json(reason) + "\"}}]";
        String form = "channel=" + enc(channel) + "&text=" + enc(text) + "&blocks=" + enc(blocks)
                + "&unfurl_links=0&unfurl_media=0";
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(slackApi + "chat.postMessage").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Authorization", "Bearer " + token);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("chat.postMessage answered HTTP " + connection.getResponseCode());
            }
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> result(String status, String alarm) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("function", NAME);
        result.put("status", status);
        result.put("alarm", alarm);
        return result;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
