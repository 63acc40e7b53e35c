package link.buddyverse.ops.bench.plain;

import static link.buddyverse.ops.bench.plain.PlainValues.env;
import static link.buddyverse.ops.bench.plain.PlainValues.json;
import static link.buddyverse.ops.bench.plain.PlainValues.n;
import static link.buddyverse.ops.bench.plain.PlainValues.s;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The cold-start baseline of DashboardSyncFunction: a launch of the web tier written as a plain aws-lambda-java-core
 * handler, no framework. The same SDK clients (DynamoDB, EventBridge, CloudWatch, Auto Scaling, ELBv2, RDS, EFS, SSM)
 * on the url-connection HTTP client, and the same requests in the same order, as the function with ops-kit's
 * skeleton makes them: claim the event id (PutItem); take the function's lease (PutItem
 * {@code lease#DashboardSyncFunction}); what exists (DescribeAutoScalingGroups, DescribeLoadBalancers,
 * DescribeTargetGroups, DescribeDBInstances, GetParameter of the read rotation, DescribeFileSystems, DescribeAlarms);
 * both dashboards as they are (GetDashboard x2); record the plan (UpdateItem); per dashboard that differs its lock
 * (PutItem), the dashboard read again (GetDashboard), its attempted mark (UpdateItem), PutDashboard and its applied
 * mark (UpdateItem); tell (one PutEvents); give the lease back (DeleteItem); complete the claim (UpdateItem); every
 * claim update fenced to this invocation. The bodies are rendered by a cut-down renderer (the same kinds of widgets, not byte for byte the
 * function's), and every dashboard is written when it does not exist or differs as text. Measured, never deployed.
 */
public class PlainDashboardSyncHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String NAME = "PlainDashboardSyncHandler";
    /** The lease is the function's own, named as ops-kit names it. */
    private static final String FUNCTION = "DashboardSyncFunction";
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
    private final ElasticLoadBalancingV2Client loadBalancing = ElasticLoadBalancingV2Client.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final RdsClient rds = RdsClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final EfsClient efs = EfsClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();
    private final SsmClient ssm = SsmClient.builder()
            .httpClient(httpClient).region(region).credentialsProvider(credentials).build();

    private final String table = env("OPS_STATE_TABLE", "OpsState");
    private final String eventBus = env("OPS_EVENT_BUS", "default");
    private final String opsDashboard = env("DASHBOARD_OPS_DASHBOARD_NAME", "Buddyverse-Ops");
    private final String cpuDashboard = env("DASHBOARD_CPU_DASHBOARD_NAME", "CPU-Per-Second");
    private final String dashboardRegion = env("DASHBOARD_REGION", "ap-northeast-2");
    private final String groupName = env("DASHBOARD_GROUP_NAME", "Buddy-AutoScaling-Group");
    private final String loadBalancerName = env("DASHBOARD_LOAD_BALANCER_NAME", "Buddy-LoadBalance");
    private final String targetGroupName = env("DASHBOARD_TARGET_GROUP_NAME", "Buddy-LoadBalance-TargetGroup");
    private final String databaseId = env("DASHBOARD_DATABASE_INSTANCE_ID", "database1");
    private final String fileSystemName = env("DASHBOARD_FILE_SYSTEM_NAME", "Buddy-EFS");
    private final String readEndpoints = env("DASHBOARD_READ_ENDPOINTS_PARAMETER", "/buddyverse/db/read-endpoints");
    private final String alarmPrefix = env("DASHBOARD_ALARM_PREFIX", "Buddy-");
    private final String opsFunctions = env("DASHBOARD_OPS_FUNCTIONS", "");
    private final String logGroups = env("DASHBOARD_OPS_LOG_GROUPS", "");
    private final String deadLetterQueue = env("DASHBOARD_DEAD_LETTER_QUEUE_NAME", "");
    private final int cpuHigh = Integer.parseInt(env("DASHBOARD_CPU_HIGH_THRESHOLD", "70"));
    private final int cpuLow = Integer.parseInt(env("DASHBOARD_CPU_LOW_THRESHOLD", "20"));

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String eventId = (String) event.get("id");
        Map<String, Object> detail = (Map<String, Object>) event.getOrDefault("detail", Map.of());
        String group = (String) detail.get("AutoScalingGroupName");
        String detailType = (String) event.get("detail-type");
        if (eventId == null || !groupName.equals(group) || detailType == null || !detailType.endsWith("Successful")) {
            return result("skipped", 0);
        }
        Instant now = Instant.now();
        long nowSeconds = now.getEpochSecond();
        String claimKey = "event#" + NAME + "#" + eventId;
        if (!PlainValues.claim(dynamoDb, table, claimKey, context.getAwsRequestId(), nowSeconds)) {
            return result("duplicate", 0);
        }
        if (!PlainValues.takeLease(dynamoDb, table, FUNCTION, eventId, context)) {
            return result("skipped", 0);
        }
        // The lease is given back before the claim completes, as ops-kit does.
        Outcome outcome;
        try {
            outcome = act(event, eventId, claimKey, now, context);
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

    private Outcome act(Map<String, Object> event, String eventId, String claimKey, Instant now, Context context) {
        long nowSeconds = now.getEpochSecond();
        String requestId = context.getAwsRequestId();

        // What exists now, in the function's order.
        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName))
                .autoScalingGroups();
        String loadBalancer;
        try {
            String arn = loadBalancing.describeLoadBalancers(b -> b.names(loadBalancerName)).loadBalancers().get(0).loadBalancerArn();
            loadBalancer = arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        } catch (LoadBalancerNotFoundException | IndexOutOfBoundsException missing) {
            loadBalancer = null;
        }
        String targetGroup;
        try {
            String arn = loadBalancing.describeTargetGroups(b -> b.names(targetGroupName)).targetGroups().get(0).targetGroupArn();
            targetGroup = arn.substring(arn.lastIndexOf(':') + 1);
        } catch (TargetGroupNotFoundException | IndexOutOfBoundsException missing) {
            targetGroup = null;
        }
        List<DBInstance> databases = new ArrayList<>();
        rds.describeDBInstancesPaginator(b -> { }).dbInstances().forEach(databases::add);
        List<String> replicas = databases.stream().filter(db -> databaseId.equals(db.readReplicaSourceDBInstanceIdentifier()))
                .map(DBInstance::dbInstanceIdentifier).sorted().toList();
        String rotation;
        try {
            rotation = ssm.getParameter(b -> b.name(readEndpoints)).parameter().value();
        } catch (ParameterNotFoundException absent) {
            rotation = null;
        }
        List<FileSystemDescription> fileSystems = new ArrayList<>();
        efs.describeFileSystemsPaginator(b -> { }).fileSystems().forEach(fs -> {
            if (fileSystemName.equals(fs.name()) || fileSystemName.equals(fs.fileSystemId())) {
                fileSystems.add(fs);
            }
        });
        FileSystemDescription fileSystem = fileSystems.stream().min(Comparator.comparing(FileSystemDescription::fileSystemId)).orElse(null);
        List<MetricAlarm> alarms = new ArrayList<>();
        cloudWatch.describeAlarmsPaginator(b -> b.alarmNamePrefix(alarmPrefix)).metricAlarms().forEach(alarms::add);
        alarms.sort(Comparator.comparing(MetricAlarm::alarmName));

        List<String> instances = groups.isEmpty() ? List.of() : groups.get(0).instances().stream()
                .filter(i -> !i.lifecycleStateAsString().startsWith("Terminat") && !i.lifecycleStateAsString().startsWith("Detach"))
                .map(i -> i.instanceId()).sorted().toList();
        AutoScalingGroup web = groups.isEmpty() ? null : groups.get(0);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put(opsDashboard, opsBody(web, instances, loadBalancer, targetGroup, replicas, rotation, fileSystem, alarms));
        bodies.put(cpuDashboard, cpuBody(instances));

        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> dashboard : bodies.entrySet()) {
            if (!dashboard.getValue().equals(currentBody(dashboard.getKey()))) {
                changed.add(dashboard.getKey());
            }
        }
        if (changed.isEmpty()) {
            return new Outcome(result("no-action", 0), null);
        }

        StringBuilder plan = new StringBuilder("{\"cooldownSeconds\":0,\"warnings\":[],\"notes\":[],\"actions\":[");
        for (String name : changed) {
            plan.append(plan.charAt(plan.length() - 1) == '[' ? "" : ",").append("{\"type\":\"PutDashboard\",\"action\":{\"dashboardName\":\"")
                    .append(json(name)).append("\",\"body\":\"").append(json(bodies.get(name))).append("\"}}");
        }
        String planJson = plan.append("]}").toString();
        PlainValues.recordPlan(dynamoDb, table, claimKey, requestId, planJson);

        String trigger = "{\"eventId\":\"" + json(eventId) + "\",\"kind\":\"scaling\",\"subject\":\"" + json(groupName)
                + "\",\"alarm\":null,\"state\":null,\"time\":\"" + json((String) event.get("time")) + "\"}";
        List<String> told = new ArrayList<>();
        for (int i = 0; i < changed.size(); i++) {
            String name = changed.get(i);
            String resource = "dashboard/" + name;
            try {
                dynamoDb.putItem(b -> b.tableName(table)
                        .item(Map.of(KEY, s("lock#" + resource), "holder", s(eventId), "acquiredAt", s(now.toString()),
                                EXPIRES_AT, n(nowSeconds + 20)))
                        .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                        .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":me", s(eventId))));
            } catch (ConditionalCheckFailedException held) {
                continue;
            }
            // Re-read before writing: a dashboard another event has brought in step meanwhile is left alone.
            if (bodies.get(name).equals(currentBody(name))) {
                continue;
            }
            PlainValues.markAttempted(dynamoDb, table, claimKey, requestId, i);
            cloudWatch.putDashboard(b -> b.dashboardName(name).dashboardBody(bodies.get(name)));
            PlainValues.markApplied(dynamoDb, table, claimKey, requestId, i);
            told.add("{\"function\":\"" + NAME + "\",\"trigger\":" + trigger + ",\"action\":{\"action\":\"PutDashboard\","
                    + "\"resource\":\"" + json(resource) + "\",\"target\":\"" + json(name) + "\",\"before\":\"none\",\"after\":\"written\","
                    + "\"reason\":\"the dashboard does not exist yet or differs\"},\"outcome\":{\"action\":\"PutDashboard\",\"target\":\""
                    + json(name) + "\",\"status\":\"applied\",\"detail\":\"\"},\"warnings\":[]}");
        }
        eventBridge.putEvents(b -> b.entries(told.stream().map(detailJson -> PutEventsRequestEntry.builder()
                .eventBusName(eventBus).source("buddyverse.ops").detailType("Ops Action")
                .resources(List.of()).detail(detailJson).build()).toList()));

        String resultJson = "{\"function\":\"" + NAME + "\",\"status\":\"applied\",\"trigger\":" + trigger + ",\"written\":"
                + told.size() + ",\"warnings\":[],\"notes\":[],\"reason\":null}";
        return new Outcome(result("applied", told.size()), resultJson);
    }

    /** The dashboard's body as CloudWatch has it; null when there is none. */
    private String currentBody(String name) {
        try {
            return cloudWatch.getDashboard(b -> b.dashboardName(name)).dashboardBody();
        } catch (ResourceNotFoundException | DashboardNotFoundErrorException absent) {
            return null;
        }
    }

    private String opsBody(AutoScalingGroup web, List<String> instances, String loadBalancer, String targetGroup,
                           List<String> replicas, String rotation, FileSystemDescription fs, List<MetricAlarm> alarms) {
        Widgets w = new Widgets(dashboardRegion);
        w.text(24, 2, "# " + opsDashboard + " · " + instances.size() + " web instance(s), " + databaseId + " + " + replicas.size()
                + " replica(s), " + fileSystemName + (fs == null ? "" : " (" + fs.throughputModeAsString() + ")")
                + "\\n\\nKept in step by DashboardSyncFunction: edits by hand are overwritten.");
        w.text(24, 1, "## Web tier: " + groupName);
        if (web != null) {
            w.metric(8, "Capacity (min " + web.minSize() + ", desired " + web.desiredCapacity() + ", max " + web.maxSize() + ")",
                    List.of(m("AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", groupName, "desired"),
                            m("AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", groupName, "in service"),
                            m("AWS/AutoScaling", "GroupMinSize", "AutoScalingGroupName", groupName, "min"),
                            m("AWS/AutoScaling", "GroupMaxSize", "AutoScalingGroupName", groupName, "max")), null);
        }
        w.metric(8, "CPU per instance", instances.stream().map(id -> m("AWS/EC2", "CPUUtilization", "InstanceId", id, id)).toList(), null);
        if (targetGroup != null && loadBalancer != null) {
            w.metric(8, "Healthy / unhealthy hosts", List.of(
                    m2("AWS/ApplicationELB", "HealthyHostCount", targetGroup, loadBalancer, "healthy"),
                    m2("AWS/ApplicationELB", "UnHealthyHostCount", targetGroup, loadBalancer, "unhealthy")), null);
        }
        if (loadBalancer != null) {
            w.metric(12, "ALB requests and 5xx", List.of(
                    m("AWS/ApplicationELB", "RequestCount", "LoadBalancer", loadBalancer, "requests"),
                    m("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", loadBalancer, "ELB 5xx"),
                    m("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", loadBalancer, "target 5xx")), null);
            w.metric(12, "Target response time (s)", List.of(
                    m("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", loadBalancer, "p90")), null);
        }
        w.text(24, 1, "## Database: " + databaseId + (rotation == null ? " (every available replica in rotation)" : ""));
        List<String> dbMetrics = new ArrayList<>();
        dbMetrics.add(m("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", databaseId, databaseId + " (source)"));
        replicas.forEach(r -> dbMetrics.add(m("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", r, r + " (in rotation)")));
        w.metric(8, "Database CPU", dbMetrics, null);
        w.metric(8, "Replica lag (s)", replicas.stream().map(r -> m("AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", r, r)).toList(), null);
        w.metric(8, "Connections", dbMetrics.stream().map(x -> x.replace("CPUUtilization", "DatabaseConnections")).toList(), null);
        if (fs != null) {
            String id = fs.fileSystemId();
            w.text(24, 1, "## File system: " + fileSystemName + " (" + id + ", " + fs.throughputModeAsString() + ")");
            w.metric(8, "Burst credits", List.of(m("AWS/EFS", "BurstCreditBalance", "FileSystemId", id, "credits")), null);
            w.metric(8, "Throughput", List.of(m("AWS/EFS", "MeteredIOBytes", "FileSystemId", id, "metered"),
                    m("AWS/EFS", "PermittedThroughput", "FileSystemId", id, "permitted")), null);
            w.metric(8, "IO limit (%)", List.of(m("AWS/EFS", "PercentIOLimit", "FileSystemId", id, "IO limit")), null);
        }
        if (!alarms.isEmpty()) {
            StringBuilder arns = new StringBuilder("[");
            alarms.forEach(a -> arns.append(arns.length() > 1 ? "," : "").append('"').append(json(a.alarmArn())).append('"'));
            w.raw(24, 4, "alarm", "{\"title\":\"Alarms\",\"alarms\":" + arns.append(']') + "}");
        }
        w.text(24, 1, "## Automation");
        List<String> invocations = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String entry : opsFunctions.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String label = eq < 0 ? entry : entry.substring(0, eq);
            String function = eq < 0 ? entry : entry.substring(eq + 1);
            invocations.add(m("AWS/Lambda", "Invocations", "FunctionName", function, label));
            errors.add(m("AWS/Lambda", "Errors", "FunctionName", function, label));
        }
        w.metric(12, "Ops function invocations", invocations, null);
        w.metric(12, "Ops function errors", errors, null);
        if (!deadLetterQueue.isBlank()) {
            w.metric(12, "Dead-letter queue", List.of(m("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", deadLetterQueue,
                    "messages")), null);
        }
        if (!logGroups.isBlank()) {
            StringBuilder sources = new StringBuilder();
            for (String logGroup : logGroups.split(",")) {
                sources.append(sources.length() == 0 ? "" : " | ").append("SOURCE '").append(json(logGroup)).append('\'');
            }
            w.raw(12, 6, "log", "{\"title\":\"Ops actions\",\"region\":\"" + dashboardRegion + "\",\"query\":\"" + sources
                    + " | fields @timestamp, function, status | sort @timestamp desc | limit 50\",\"view\":\"table\"}");
        }
        return w.body();
    }

    private String cpuBody(List<String> instances) {
        Widgets w = new Widgets(dashboardRegion);
        String thresholds = "{\"horizontal\":[{\"label\":\"scale out (" + cpuHigh + "%)\",\"value\":" + cpuHigh
                + "},{\"label\":\"scale in (" + cpuLow + "%)\",\"value\":" + cpuLow + "}]}";
        w.metric(12, "Web tier CPU (average of " + groupName + ")",
                List.of(m("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", groupName, "average")), thresholds);
        w.metric(12, "Group capacity", List.of(m("AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", groupName, "desired"),
                m("AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", groupName, "in service"),
                m("AWS/AutoScaling", "GroupMaxSize", "AutoScalingGroupName", groupName, "max")), null);
        w.metric(24, "CPU per instance", instances.stream().map(id -> m("AWS/EC2", "CPUUtilization", "InstanceId", id, id)).toList(),
                thresholds);
        return w.body();
    }

    /** Widgets laid out left to right, 24 columns, rows of 6. */
    private static final class Widgets {
        private final String region;
        private final StringBuilder out = new StringBuilder("{\"start\":\"-PT3H\",\"periodOverride\":\"inherit\",\"widgets\":[");
        private int x;
        private int y;
        private int rowHeight;

        Widgets(String region) {
            this.region = region;
        }

        void text(int width, int height, String markdown) {
            raw(width, height, "text", "{\"markdown\":\"" + markdown.replace("\"", "\\\"") + "\"}");
        }

        void metric(int width, String title, List<String> metrics, String annotations) {
            raw(width, 6, "metric", "{\"title\":\"" + json(title) + "\",\"region\":\"" + region + "\",\"view\":\"timeSeries\","
                    + "\"stacked\":false,\"stat\":\"Average\",\"period\":60,\"metrics\":[" + String.join(",", metrics) + "]"
                    + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}");
        }

        void raw(int width, int height, String type, String properties) {
            if (x + width > 24) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append("{\"type\":\"").append(type).append("\",\"x\":")
                    .append(x).append(",\"y\":").append(y).append(",\"width\":").append(width).append(",\"height\":")
                    .append(height).append(",\"properties\":").append(properties).append('}');
            x += width;
            rowHeight = Math.max(rowHeight, height);
        }

        String body() {
            return out + "]}";
        }
    }

    private static String m(String namespace, String metric, String dimension, String value, String label) {
        return "[\"" + namespace + "\",\"" + metric + "\",\"" + dimension + "\",\"" + json(value) + "\",{\"label\":\"" + json(label) + "\"}]";
    }

    private static String m2(String namespace, String metric, String targetGroup, String loadBalancer, String label) {
        return "[\"" + namespace + "\",\"" + metric + "\",\"TargetGroup\",\"" + json(targetGroup) + "\",\"LoadBalancer\",\""
                + json(loadBalancer) + "\",{\"label\":\"" + label + "\"}]";
    }

    private static Map<String, Object> result(String status, int written) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("function", NAME);
        result.put("status", status);
        result.put("written", written);
        return result;
    }
}
