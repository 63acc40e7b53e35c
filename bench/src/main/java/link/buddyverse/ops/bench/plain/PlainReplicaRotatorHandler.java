package link.buddyverse.ops.bench.plain;

import static link.buddyverse.ops.bench.plain.PlainValues.env;
import static link.buddyverse.ops.bench.plain.PlainValues.json;
import static link.buddyverse.ops.bench.plain.PlainValues.n;
import static link.buddyverse.ops.bench.plain.PlainValues.s;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The cold-start baseline of ReplicaRotatorFunction: the reconcile a replica-lag alarm brings forward, written as a
 * plain aws-lambda-java-core handler, no framework. The same SDK clients (DynamoDB, EventBridge, RDS, CloudWatch,
 * Route 53, SSM) on the url-connection HTTP client, and the same requests in the same order for a healthy replica
 * that is already the read name's record, as the function with ops-kit's skeleton makes them: claim the event id
 * (PutItem), take the function's lease (PutItem {@code lease#ReplicaRotatorFunction}), read the rotation's memory
 * (GetItem), the instances (DescribeDBInstances), every replica's ReplicaLag (one GetMetricData), the private zone (by its id)
 * the read name's records (ListResourceRecordSets), the parameter (GetParameter); remember the
 * replica in (PutItem), record the plan (UpdateItem), lock the read name (PutItem), mark the action attempted
 * (UpdateItem), publish the endpoints (PutParameter), mark it applied (UpdateItem), tell (PutEvents), give the lease
 * back (DeleteItem), complete the claim (UpdateItem); every claim update fenced to this invocation. An alarm that is not a lag alarm is skipped. Decisions are cut down to that one path: it
 * exists to be measured, not deployed.
 */
public class PlainReplicaRotatorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "PlainReplicaRotatorHandler";
    private static final String FUNCTION = "ReplicaRotatorFunction";
    private static final String KEY = "pk";
    private static final String EXPIRES_AT = "expiresAt";

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = Region.of(env("AWS_REGION", "ap-northeast-2"));
    private final AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EventBridgeClient eventBridge = EventBridgeClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final RdsClient rds = RdsClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final CloudWatchClient cloudWatch = CloudWatchClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final Route53Client route53 = Route53Client.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final SsmClient ssm = SsmClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String source = env("REPLICA_SOURCE_INSTANCE", "database1");
    private final String readName = env("REPLICA_READ_RECORD_NAME", "read.db.buddyverse.internal");
    private final String zoneIdOfStack = env("REPLICA_HOSTED_ZONE_ID", "");
    private final String parameterName = env("REPLICA_PARAMETER_NAME", "/buddyverse/db/read-endpoints");
    private final String lagAlarmPrefix = env("REPLICA_LAG_ALARM_PREFIX", "Buddy-Replica-Lag");
    private final double lagThreshold = Double.parseDouble(env("REPLICA_LAG_THRESHOLD_SECONDS", "30"));

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String alarm = (String) detail.get("alarmName");
        Map<String, Object> state = (Map<String, Object>) detail.getOrDefault("state", Map.of());
        if (eventId == null || alarm == null || !alarm.startsWith(lagAlarmPrefix)) {
            return result("skipped", alarm);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + FUNCTION + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", alarm);
        }
        if (!PlainValues.takeLease(dynamoDb, table, FUNCTION, eventId, context)) {
            return result("skipped", alarm);
        }
        // The lease is given back before the claim completes, as ops-kit does.
        Outcome outcome;
        try {
            outcome = act(event, eventId, alarm, state, claimKey, now, context);
        } finally {
            PlainValues.releaseLease(dynamoDb, table, FUNCTION, eventId);
        }
        if (outcome.resultJson() != null) {
            PlainValues.complete(dynamoDb, table, claimKey, context.getAwsRequestId(), outcome.resultJson());
        }
        return outcome.result();
    }

    /** What the invocation answers, and the result the claim completes with (null: left as it is). */
    private record Outcome(Map<String, Object> result, String resultJson) {
    }

    private Outcome act(Map<String, Object> event, String eventId, String alarm, Map<String, Object> state,
            String claimKey, Instant now, Context context) {
        long nowSeconds = now.getEpochSecond();

        String memoryKey = "memory#" + FUNCTION + "#" + readName;
        Map<String, AttributeValue> memory = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(memoryKey)))
                .consistentRead(true)).item();
        if (memory != null && !memory.isEmpty()) {
            return new Outcome(result("no-action", alarm), null);
        }

        // The source's replicas in this region, with their addresses.
        Map<String, String> replicas = new LinkedHashMap<>();
        for (DBInstance instance : rds.describeDBInstancesPaginator(b -> b.maxRecords(100)).dbInstances()) {
            if (source.equals(instance.readReplicaSourceDBInstanceIdentifier())) {
                replicas.put(instance.dbInstanceIdentifier(), instance.endpoint() == null ? "" : instance.endpoint().address());
            }
        }
        List<String> ids = new ArrayList<>(replicas.keySet());
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        Map<String, Double> newest = new LinkedHashMap<>();
        List<MetricDataResult> lag = cloudWatch.getMetricData(b -> b.startTime(end.minusSeconds(7 * 60)).endTime(end)
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(ids.stream().map(id -> software.amazon.awssdk.services
                        .cloudwatch.model.MetricDataQuery.builder().id("r" + ids.indexOf(id)).returnData(true)
                        .metricStat(stat -> stat.period(60).stat("Maximum").metric(m -> m.namespace("AWS/RDS")
                                .metricName("ReplicaLag").dimensions(d -> d.name("DBInstanceIdentifier").value(id))))
                        .build()).toList())).metricDataResults();
        for (MetricDataResult result : lag) {
            if (!result.values().isEmpty()) {
                newest.put(ids.get(Integer.parseInt(result.id().substring(1))), result.values().get(result.values().size() - 1));
            }
        }
        // The zone by id, as the deployed stack imports it from the core stack (never the first zone of that name).
        String zoneId = zoneIdOfStack;
        String fqdn = readName + ".";
        List<String> pointedAt = route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId).startRecordName(fqdn)
                        .startRecordType("CNAME").maxItems("100")).resourceRecordSets().stream()
                .filter(r -> r.name().equalsIgnoreCase(fqdn) || r.name().equalsIgnoreCase(readName))
                .map(ResourceRecordSet::setIdentifier).toList();
        String published;
        try {
            published = ssm.getParameter(b -> b.name(parameterName)).parameter().value();
        } catch (ParameterNotFoundException missing) {
            published = null;
        }

        // Cut down to the healthy case: each replica the name points at with a current sample stays in.
        List<String> in = ids.stream().filter(pointedAt::contains)
                .filter(id -> newest.containsKey(id) && newest.get(id) >= 0 && newest.get(id) <= lagThreshold).toList();
        StringBuilder remembered = new StringBuilder("{\"replicas\":{");
        StringBuilder endpoints = new StringBuilder();
        for (String id : in) {
            remembered.append(remembered.charAt(remembered.length() - 1) == '{' ? "" : ",").append('"').append(json(id))
                    .append("\":{\"inRotation\":true,\"badSamples\":0,\"since\":\"").append(now).append("\"}");
            endpoints.append(endpoints.isEmpty() ? "" : ",").append("{\"instance\":\"").append(json(id))
                    .append("\",\"address\":\"").append(json(replicas.get(id))).append("\"}");
        }
        remembered.append("}}");
        String value = "{\"name\":\"" + json(readName) + "\",\"onPrimary\":false,\"endpoints\":[" + endpoints + "]}";
        if (in.isEmpty() || value.equals(published)) {
            return new Outcome(result("no-action", alarm), null);
        }
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of(KEY, s(memoryKey), "version", n(1), "data", s(remembered.toString()), "updatedAt", s(now.toString()),
                        EXPIRES_AT, n(now.plus(Duration.ofDays(30)).getEpochSecond())))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", KEY)));

        String after = String.join(",", in);
        String reason = "in rotation: " + after;
        String plan = "{\"cooldownSeconds\":2,\"warnings\":[],\"notes\":[],\"actions\":[{\"type\":\"PublishReadEndpoints\","
                + "\"action\":{\"recordName\":\"" + json(fqdn) + "\",\"parameterName\":\"" + json(parameterName)
                + "\",\"value\":\"" + json(value) + "\",\"before\":\"(none)\",\"after\":\"" + json(after)
                + "\",\"reason\":\"" + json(reason) + "\"}}]}";
        PlainValues.recordPlan(dynamoDb, table, claimKey, context.getAwsRequestId(), plan);
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s("lock#" + fqdn), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(nowSeconds + 2)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":me", s(eventId))));
        } catch (ConditionalCheckFailedException held) {
            return new Outcome(result("skipped", alarm), null);
        }
        PlainValues.markAttempted(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);
        ssm.putParameter(b -> b.name(parameterName).value(value).type(ParameterType.STRING).overwrite(true));
        PlainValues.markApplied(dynamoDb, table, claimKey, context.getAwsRequestId(), 0);

        String trigger = "{\"eventId\":\"" + json(eventId) + "\",\"kind\":\"alarm\",\"subject\":\"" + json(alarm)
                + "\",\"alarm\":\"" + json(alarm) + "\",\"state\":\"" + json((String) state.get("value")) + "\",\"time\":\""
                + json((String) event.get("time")) + "\"}";
        String action = "{\"action\":\"PublishReadEndpoints\",\"resource\":\"" + json(fqdn) + "\",\"target\":\""
                + json(parameterName) + "\",\"before\":\"(none)\",\"after\":\"" + json(after) + "\",\"reason\":\"" + json(reason) + "\"}";
        String outcome = "{\"action\":\"PublishReadEndpoints\",\"target\":\"" + json(parameterName)
                + "\",\"status\":\"applied\",\"detail\":\"\"}";
        String detailJson = "{\"function\":\"" + FUNCTION + "\",\"trigger\":" + trigger + ",\"action\":" + action
                + ",\"outcome\":" + outcome + ",\"warnings\":[]}";
        eventBridge.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(eventBus).source("buddyverse.ops").detailType("Ops Action")
                .resources(List.of()).detail(detailJson).build()));

        String resultJson = "{\"function\":\"" + FUNCTION + "\",\"status\":\"applied\",\"trigger\":" + trigger + ",\"plan\":["
                + action + "],\"outcomes\":[" + outcome + "],\"warnings\":[],\"notes\":[],\"reason\":null}";
        return new Outcome(result("applied", alarm), resultJson);
    }

    private static Map<String, Object> result(String status, String alarm) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("function", NAME);
        result.put("status", status);
        result.put("alarm", alarm);
        return result;
    }
}
