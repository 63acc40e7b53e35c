package link.buddyverse.ops.bench.plain;

import static link.buddyverse.ops.bench.plain.PlainValues.env;
import static link.buddyverse.ops.bench.plain.PlainValues.json;
import static link.buddyverse.ops.bench.plain.PlainValues.n;
import static link.buddyverse.ops.bench.plain.PlainValues.s;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The cold-start baseline of LifecycleHookFunction: the first round of a launch wait written as a plain
 * aws-lambda-java-core handler, no framework. The same SDK clients (DynamoDB, EventBridge, Auto Scaling, ELBv2, SSM,
 * SQS) on the url-connection HTTP client, and the same requests in the same order for an instance at the launch hook,
 * as the function with ops-kit's skeleton makes them: claim the event id (PutItem), take the function's lease (PutItem
 * {@code lease#LifecycleHookFunction}), the instance's lifecycle state (DescribeAutoScalingInstances), the wait's
 * watch (GetItem), the hook (DescribeLifecycleHooks), the target group and its attributes (DescribeTargetGroups,
 * DescribeTargetGroupAttributes), take the watch (PutItem), record the plan (UpdateItem); then per action its lock
 * (PutItem), its attempted mark (UpdateItem), the action and its applied mark (UpdateItem): the readiness check
 * (SendCommand, its command id remembered: GetItem, PutItem), the re-check in 20 s (SQS SendMessage); tell both in one
 * PutEvents, give the lease back (DeleteItem), complete the claim (UpdateItem); every claim update fenced to this
 * invocation. Anything else is skipped. Cut down to that one path: it exists
 * to be measured, not deployed.
 */
public class PlainLifecycleHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "PlainLifecycleHookHandler";
    private static final String FUNCTION = "LifecycleHookFunction";
    private static final String KEY = "pk";
    private static final String EXPIRES_AT = "expiresAt";
    private static final Duration ANSWER_LOCK = Duration.ofHours(48);

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = Region.of(env("AWS_REGION", "ap-northeast-2"));
    private final AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EventBridgeClient eventBridge = EventBridgeClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final AutoScalingClient autoScaling = AutoScalingClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final ElasticLoadBalancingV2Client loadBalancing = ElasticLoadBalancingV2Client.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final SsmClient ssm = SsmClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final SqsClient sqs = SqsClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String groupName = env("LIFECYCLE_GROUP_NAME", "Buddy-AutoScaling-Group");
    private final String launchHook = env("LIFECYCLE_LAUNCH_HOOK_NAME", "Buddy-Launch-Hook");
    private final String targetGroupName = env("LIFECYCLE_TARGET_GROUP_NAME", "Buddy-LoadBalance-TargetGroup");
    private final String queueUrl = env("LIFECYCLE_RECHECK_QUEUE_URL", "");
    private final String efsMountPath = env("LIFECYCLE_EFS_MOUNT_PATH", "/mnt/efs");
    private final int budgetSeconds = Integer.parseInt(env("LIFECYCLE_LAUNCH_BUDGET_SECONDS", "900"));
    private final int recheckDelaySeconds = 20;
    private final int watchGraceSeconds = 120;

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String group = (String) detail.get("AutoScalingGroupName");
        String hook = (String) detail.get("LifecycleHookName");
        String instanceId = (String) detail.get("EC2InstanceId");
        String token = (String) detail.get("LifecycleActionToken");
        String startedAt = (String) event.get("time");
        if (eventId == null || !groupName.equals(group) || !launchHook.equals(hook)
                || !"autoscaling:EC2_INSTANCE_LAUNCHING".equals(detail.get("LifecycleTransition"))) {
            return result("skipped", instanceId);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + NAME + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", instanceId);
        }
        if (!PlainValues.takeLease(dynamoDb, table, FUNCTION, eventId, context)) {
            return result("skipped", instanceId);
        }
        // The lease is given back before the claim completes, as ops-kit does.
        Outcome outcome;
        try {
            outcome = act(eventId, detail, group, hook, instanceId, token, startedAt, claimKey, now, context);
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

    private Outcome act(String eventId, Map<String, Object> detail, String group, String hook, String instanceId,
            String token, String startedAt, String claimKey, Instant now, Context context) {
        String requestId = context.getAwsRequestId();

        List<AutoScalingInstanceDetails> instances = autoScaling.describeAutoScalingInstances(b -> b.instanceIds(instanceId))
                .autoScalingInstances();
        if (instances.isEmpty() || !"Pending:Wait".equals(instances.get(0).lifecycleState())) {
            return new Outcome(result("no-action", instanceId), null);
        }
        String watchKey = "memory#" + FUNCTION + "#watch/" + instanceId + "/" + hook;
        Map<String, AttributeValue> watch = get(watchKey);
        if (!watch.isEmpty()) {
            return new Outcome(result("no-action", instanceId), null);
        }
        List<LifecycleHook> hooks = autoScaling.describeLifecycleHooks(b -> b.autoScalingGroupName(group).lifecycleHookNames(hook))
                .lifecycleHooks();
        List<TargetGroup> targets = loadBalancing.describeTargetGroups(b -> b.names(targetGroupName)).targetGroups();
        if (hooks.isEmpty() || targets.isEmpty()) {
            return new Outcome(result("no-action", instanceId), null);
        }
        TargetGroup target = targets.get(0);
        loadBalancing.describeTargetGroupAttributes(b -> b.targetGroupArn(target.targetGroupArn())).attributes();

        // The first round: no check yet, within the budget: ask the instance, look again in 20 s.
        long elapsed = Duration.between(Instant.parse(startedAt), now).toSeconds();
        String command = eventId + "/check-0";
        String recheckId = eventId + "/recheck-1";
        String reason = instanceId + " is not serving yet (no check yet, " + elapsed + " s of " + budgetSeconds
                + " s): look again in " + recheckDelaySeconds + " s";
        Instant watchedUntil = now.plusSeconds(recheckDelaySeconds + watchGraceSeconds);
        String watchData = "{\"origin\":\"" + eventId + "\",\"token\":\"" + token + "\",\"startedAt\":\"" + startedAt
                + "\",\"heartbeatAt\":\"" + startedAt + "\",\"watchedUntil\":\"" + watchedUntil + "\"}";
        if (!putMemory(watchKey, watchData, now)) {
            return new Outcome(result("no-action", instanceId), null);
        }
        List<String> commands = readiness(target.healthCheckPort(), target.healthCheckPath(), target.matcher().httpCode());
        String waitData = "{\"heartbeatAt\":\"" + startedAt + "\",\"token\":\"" + token + "\",\"group\":\"" + group
                + "\",\"command\":\"" + command + "\",\"phaseStartedAt\":\"" + startedAt + "\",\"startedAt\":\"" + startedAt
                + "\",\"transition\":\"LAUNCH\",\"phase\":\"check\",\"hook\":\"" + hook + "\"}";
        String checkReason = "is " + instanceId + " serving? (first check)";
        String plan = "{\"cooldownSeconds\":" + ANSWER_LOCK.toSeconds() + ",\"warnings\":[],\"notes\":[\"" + json(reason)
                + "\"],\"actions\":[{\"type\":\"SendShellCommand\",\"action\":{\"instanceId\":\"" + instanceId
                + "\",\"purpose\":\"check\",\"key\":\"" + command + "\",\"commands\":" + jsonArray(commands)
                + ",\"executionTimeoutSeconds\":60,\"reason\":\"" + json(checkReason) + "\"}},{\"type\":\"SendRecheck\","
                + "\"action\":{\"queueUrl\":\"" + json(queueUrl) + "\",\"function\":\"" + FUNCTION + "\",\"subject\":\""
                + instanceId + "\",\"id\":\"" + recheckId + "\",\"origin\":\"" + eventId + "\",\"attempt\":1,\"delaySeconds\":"
                + recheckDelaySeconds + ",\"data\":" + waitData + ",\"reason\":\"" + json(reason) + "\"}}]}";
        PlainValues.recordPlan(dynamoDb, table, claimKey, requestId, plan);

        List<String> told = new ArrayList<>();
        String trigger = "{\"eventId\":\"" + json(eventId) + "\",\"kind\":\"lifecycle-action\",\"subject\":\"" + instanceId
                + "\",\"alarm\":null,\"state\":null,\"time\":\"" + startedAt + "\"}";
        if (lock("ssm:" + command, eventId, now)) {
            PlainValues.markAttempted(dynamoDb, table, claimKey, requestId, 0);
            String commandId = ssm.sendCommand(b -> b.instanceIds(instanceId).documentName("AWS-RunShellScript")
                    .comment("check " + command)
                    .parameters(Map.of("commands", commands, "executionTimeout", List.of("60")))).command().commandId();
            String commandKey = "memory#" + FUNCTION + "#command/" + command;
            get(commandKey);
            putMemory(commandKey, "{\"commandId\":\"" + commandId + "\"}", Instant.now());
            PlainValues.markApplied(dynamoDb, table, claimKey, requestId, 0);
            told.add(tell(trigger, "SendShellCommand", "ssm:" + command, instanceId, "no check running",
                    "check sent (AWS-RunShellScript)", checkReason));
        }
        if (lock("recheck:" + recheckId, eventId, now)) {
            PlainValues.markAttempted(dynamoDb, table, claimKey, requestId, 1);
            String body = "{\"source\":\"buddyverse.ops\",\"recheck\":{\"id\":\"" + recheckId + "\",\"time\":\"" + Instant.now()
                    + "\",\"function\":\"" + FUNCTION + "\",\"subject\":\"" + instanceId + "\",\"attempt\":1,\"origin\":\""
                    + eventId + "\",\"data\":" + waitData + "}}";
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(recheckDelaySeconds));
            PlainValues.markApplied(dynamoDb, table, claimKey, requestId, 1);
            told.add(tell(trigger, "SendRecheck", "recheck:" + recheckId, instanceId, "attempt 0",
                    "re-check in " + recheckDelaySeconds + " s (attempt 1)", reason));
        }
        eventBridge.putEvents(b -> b.entries(told.stream().map(detailJson -> PutEventsRequestEntry.builder()
                .eventBusName(eventBus).source("buddyverse.ops").detailType("Ops Action")
                .resources(List.of()).detail(detailJson).build()).toList()));

        String resultJson = "{\"function\":\"" + NAME + "\",\"status\":\"applied\",\"trigger\":" + trigger + ",\"told\":"
                + told.size() + ",\"warnings\":[],\"notes\":[\"" + json(reason) + "\"],\"reason\":null}";
        return new Outcome(result("applied", instanceId), resultJson);
    }

    private String tell(String trigger, String action, String resource, String target, String before, String after, String reason) {
        return "{\"function\":\"" + NAME + "\",\"trigger\":" + trigger + ",\"action\":{\"action\":\"" + action
                + "\",\"resource\":\"" + json(resource) + "\",\"target\":\"" + target + "\",\"before\":\"" + json(before)
                + "\",\"after\":\"" + json(after) + "\",\"reason\":\"" + json(reason) + "\"},\"outcome\":{\"action\":\"" + action
                + "\",\"target\":\"" + target + "\",\"status\":\"applied\",\"detail\":\"\"},\"warnings\":[]}";
    }

    private boolean lock(String resource, String holder, Instant now) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s("lock#" + resource), "holder", s(holder), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(now.plus(ANSWER_LOCK).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":me", s(holder))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    private Map<String, AttributeValue> get(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(key)))
                .consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    /** A first version of a memory record (attribute_not_exists); false when another invocation wrote it first. */
    private boolean putMemory(String key, String data, Instant now) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s(key), "version", n(1), "data", s(data), "updatedAt", s(now.toString()),
                            EXPIRES_AT, n(now.plus(Duration.ofDays(30)).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", KEY)));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private List<String> readiness(String port, String path, String matcher) {
        String url = "http://127.0.0.1:" + port + path;
        List<String> lines = new ArrayList<>();
        lines.add("ready=1; final=0");
        lines.add("if command -v cloud-init >/dev/null 2>&1; then ci=$(cloud-init status 2>/dev/null | sed -n 's/^status: //p');"
                + " else ci=done; fi");
        lines.add("echo \"cloud-init: ${ci:-unknown}\"");
        lines.add("case \"$ci\" in done|error|disabled) final=1 ;; esac");
        lines.add("code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' '" + url + "' 2>/dev/null); code=${code:-000}");
        lines.add("echo \"apache: HTTP $code on " + path + " (expected " + matcher + ")\"");
        lines.add("if { [ \"$code\" -eq " + matcher + " ]; } 2>/dev/null; then :; else ready=0; fi");
        lines.add("if mountpoint -q '" + efsMountPath + "'; then echo \"efs: " + efsMountPath + " mounted\"; else echo \"efs: "
                + efsMountPath + " not mounted\"; ready=0; fi");
        lines.add("if [ $ready -eq 1 ]; then echo READY; exit 0; fi");
        lines.add("if [ $final -eq 1 ]; then echo \"FAILED: cloud-init has finished ($ci) and the instance does not serve\"; exit 2; fi");
        lines.add("echo \"NOT READY: cloud-init is ${ci:-unknown}\"; exit 3");
        return lines;
    }

    private static Map<String, Object> result(String status, String instanceId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("function", NAME);
        result.put("status", status);
        result.put("instance", instanceId);
        return result;
    }

    private static String jsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            out.append(out.length() > 1 ? "," : "").append('"').append(json(value)).append('"');
        }
        return out.append(']').toString();
    }
}
