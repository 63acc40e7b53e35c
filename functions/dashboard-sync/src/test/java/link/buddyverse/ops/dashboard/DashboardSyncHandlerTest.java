package link.buddyverse.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * DashboardSyncFunction end to end against moto through the local gateway: CloudWatch's dashboards are read and
 * written with the SDK's CloudWatch client (CBOR, bridged), the stack is the Buddyverse stack as moto holds it.
 */
@ExtendWith(MotoExtension.class)
class DashboardSyncHandlerTest {

    static final String OPS = "Buddyverse-Ops";
    static final String CPU = "CPU-Per-Second";

    AwsClients clients;
    BuddyverseStack stack;
    final List<DashboardSyncHandler> handlers = new ArrayList<>();
    final JsonMapper jsonMapper = JsonMapper.createDefault();

    @BeforeEach
    void createTheStack() {
        clients = new AwsClients();
        stack = new BuddyverseStack(clients);
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
    }

    @AfterEach
    void closeHandlers() {
        handlers.forEach(DashboardSyncHandler::close);
    }

    @Test
    void theBodiesForTheBuddyverseStackHaveEveryWidgetEveryInstanceAndEveryReplica() {
        OpsResult result = invoke(handler(false), sample("hourly-sync.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.outcomes()).extracting(o -> o.target() + " " + o.status())
                .containsExactly(OPS + " applied", CPU + " applied");
        List<String> titles = titles(body(OPS));
        assertThat(titles).contains("Healthy / unhealthy hosts", "ALB requests and 5xx", "Target response time (s)",
                "Database CPU (%)", "Connections", "Read IOPS", "Replica lag (s)", "Burst credit balance (bytes)",
                "PercentIOLimit (%)", "Throughput (MiB/s)", "Function errors", "Function duration, p95 (ms)",
                "Dead-letter queue depth", "Actions per function: applied / skipped / failed", "Alarms of the stack", "CPU per instance")
                .anyMatch(t -> t.startsWith("Capacity (min 2, desired 2, max 4)"));
        String ops = body(OPS);
        assertThat(ops).contains("database1-replica (in rotation)", "database1 (source)", stack.fileSystemId, "bursting",
                "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:Buddy-CPU-High", "app/Buddy-LoadBalance/",
                "targetgroup/Buddy-LoadBalance-TargetGroup/");
        assertThat(instanceSeries(body(CPU))).containsExactlyElementsOf(stack.instances());
        assertThat(instanceSeries(ops)).containsExactlyElementsOf(stack.instances());
    }

    @Test
    void aLaunchAddsTheNewInstanceAndATerminationRemovesIt() {
        DashboardSyncHandler handler = handler(false);
        invoke(handler, sample("hourly-sync.json"));
        List<String> before = stack.instances();
        stack.autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(BuddyWebTier.GROUP).desiredCapacity(3));
        String launched = stack.instances().stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();

        OpsResult launch = invoke(handler, sample("instance-launched.json").replace("i-0a1b2c3d4e5f60718", launched));

        assertThat(launch.status()).isEqualTo("applied");
        assertThat(launch.plan()).allSatisfy(a -> assertThat(a.reason()).contains("launched " + launched));
        assertThat(instanceSeries(body(CPU))).hasSize(3).contains(launched);
        String victim = before.get(0);
        stack.autoScaling.terminateInstanceInAutoScalingGroup(b -> b.instanceId(victim).shouldDecrementDesiredCapacity(true));

        OpsResult termination = invoke(handler, sample("instance-terminated.json").replace("i-0f1e2d3c4b5a69788", victim));

        assertThat(termination.status()).isEqualTo("applied");
        assertThat(instanceSeries(body(CPU))).hasSize(2).doesNotContain(victim).contains(launched);
        assertThat(body(OPS)).doesNotContain(victim);
    }

    @Test
    void anUnchangedStackMakesNoPutDashboardCall(Gateway gateway) {
        DashboardSyncHandler handler = handler(false);
        invoke(handler, sample("hourly-sync.json"));
        int writes = gateway.calls().count("cloudwatch", "PutDashboard");
        int readsBefore = gateway.calls().count("cloudwatch", "GetDashboard");

        OpsResult again = invoke(handler, SampleEvents.withId(sample("hourly-sync.json"), "1c7d4f2a-3b5e-4c9f-8a2b-4d6f8b0c2e31"));

        assertThat(writes).isEqualTo(2);
        assertThat(again.status()).isEqualTo("no-action");
        assertThat(again.notes()).anyMatch(n -> n.startsWith(OPS + " is up to date"));
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isEqualTo(2);
        // The second sync reads each dashboard once to compare it; the first also read each again right before
        // writing it (the compare-and-set check of PutDashboard), so only the second sync's reads are counted.
        assertThat(gateway.calls().count("cloudwatch", "GetDashboard") - readsBefore).isEqualTo(2);
    }

    @Test
    void theSameBodyFormattedDifferentlyCountsAsUnchanged(Gateway gateway) throws IOException {
        DashboardSyncHandler handler = handler(false);
        invoke(handler, sample("hourly-sync.json"));
        // As the console or a template would store it: indented, keys in another order.
        Object tree = jsonMapper.readValue(body(CPU), Object.class);
        String reformatted = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(tree);
        stack.cloudWatch.putDashboard(b -> b.dashboardName(CPU).dashboardBody(reformatted));
        int writes = gateway.calls().count("cloudwatch", "PutDashboard");

        OpsResult result = invoke(handler, SampleEvents.withId(sample("hourly-sync.json"), "2d8e5a3b-4c6f-4dab-9b3c-5e7a9c1d3f42"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isEqualTo(writes);
    }

    @Test
    void cloudWatchsValidationErrorsComeBackInTheResult(Gateway gateway) {
        gateway.faults().on("cloudwatch", "PutDashboard").refuse("InvalidParameterInput",
                "The dashboard body is invalid, there are 1 validation errors: [ { \"dataPath\": \"/widgets/3/properties/metrics/0\","
                        + " \"message\": \"Should NOT have more than 4 items\" } ]").always();

        OpsResult result = invoke(handler(false), sample("hourly-sync.json"));

        assertThat(result.status()).isEqualTo("failed");
        assertThat(result.outcomes().get(0).status()).isEqualTo("failed");
        assertThat(result.outcomes().get(0).detail()).contains("Status Code: 400")
                .contains("/widgets/3/properties/metrics/0").contains("Should NOT have more than 4 items");
        assertThat(result.outcomes()).extracting(o -> o.status()).containsExactly("failed", "failed");
        // A refusal no retry can fix: each dashboard was tried once, and the event is not retried.
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isEqualTo(2);
    }

    @Test
    void dryRunReturnsTheBodiesItWouldWriteAndWritesNothing(Gateway gateway) throws IOException {
        OpsResult result = invoke(handler(true), sample("hourly-sync.json"));

        assertThat(result.status()).isEqualTo("dry-run");
        SyncDetail detail = jsonMapper.readValueFromTree(jsonMapper.writeValueToTree(result.detail()), SyncDetail.class);
        assertThat(detail.dashboards()).extracting(SyncDetail.DashboardView::name, SyncDetail.DashboardView::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OPS, "created"), org.assertj.core.groups.Tuple.tuple(CPU, "created"));
        assertThat(detail.dashboards().get(1).body()).contains(stack.instances().get(0)).contains("\"widgets\"");
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceWritesOnce(Gateway gateway) {
        DashboardSyncHandler handler = handler(false);

        OpsResult first = invoke(handler, sample("hourly-sync.json"));
        OpsResult second = invoke(handler, sample("hourly-sync.json"));

        assertThat(first.status()).isEqualTo("applied");
        assertThat(second.status()).isEqualTo("duplicate");
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isEqualTo(2);
    }

    @Test
    void malformedAndForeignEventsAreRejectedOrSkippedWithoutAWrite(Gateway gateway) {
        // The template's rules keep these away; a rule widened by hand, or a direct invoke, still gets a reason.
        DashboardSyncHandler handler = handler(false);

        assertThat(invoke(handler, "{\"hello\": \"world\"}").status()).isEqualTo("rejected");
        assertThat(invoke(handler, sample("instance-launched.json").replace("\"AutoScalingGroupName\": \"Buddy-AutoScaling-Group\",", ""))
                .status()).isEqualTo("rejected");
        OpsResult unsuccessful = invoke(handler, sample("instance-launched.json")
                .replace("EC2 Instance Launch Successful", "EC2 Instance Launch Unsuccessful").replace("InProgress", "Failed"));
        assertThat(unsuccessful.status()).isEqualTo("skipped");
        assertThat(unsuccessful.reason()).contains("unsuccessful launch");
        assertThat(invoke(handler, sample("rds-replica-created.json").replace("\"creation\"", "\"backup\"")).reason()).contains("neither creates nor deletes");
        assertThat(invoke(handler, sample("ops-action-replica-rotation.json").replace("ReplicaRotatorFunction", "ScalingTunerFunction")).reason())
                .contains("ScalingTunerFunction's actions change nothing");
        String own = sample("ops-action-replica-rotation.json").replace("ReplicaRotatorFunction", DashboardSync.NAME);
        assertThat(invoke(handler, own).reason()).contains("its own Ops Action event");
        assertThat(gateway.calls().count("cloudwatch", "PutDashboard")).isZero();
    }

    @Test
    void aNewReplicaAndTheReadRotationPublishedInSsmShowOnTheNextEvent() {
        DashboardSyncHandler handler = handler(false);
        invoke(handler, sample("hourly-sync.json"));
        stack.addReplica("database1-replica-2");
        clients.build(SsmClient.builder()).putParameter(b -> b.name("/buddyverse/db/read-endpoints").type("String")
                .value("{\"readEndpoints\": [\"database1-replica-2\"]}"));

        OpsResult created = invoke(handler, sample("rds-replica-created.json"));

        assertThat(created.status()).isEqualTo("applied");
        assertThat(body(OPS)).contains("database1-replica-2 (in rotation)", "database1-replica (out of rotation)",
                "as published in /buddyverse/db/read-endpoints");
    }

    @Test
    void anAppliedRotationByTheReplicaRotatorIsFollowed() {
        DashboardSyncHandler handler = handler(false);
        invoke(handler, sample("hourly-sync.json"));
        clients.build(SsmClient.builder()).putParameter(b -> b.name("/buddyverse/db/read-endpoints").type("String")
                .value("{\"readEndpoints\": []}"));

        OpsResult rotated = invoke(handler, sample("ops-action-replica-rotation.json"));

        assertThat(rotated.status()).isEqualTo("applied");
        assertThat(rotated.plan()).extracting(a -> a.target()).containsExactly(OPS);
        assertThat(body(OPS)).contains("database1-replica (out of rotation)");
    }

    private DashboardSyncHandler handler(boolean dryRun) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ops.dry-run", dryRun);
        properties.put("ops.state-table", "OpsState");
        properties.put("dashboard.ops-functions", "ScalingTunerFunction=buddyverse-ops-ScalingTuner,DashboardSyncFunction=buddyverse-ops-DashboardSync");
        properties.put("dashboard.ops-log-groups", "/aws/lambda/buddyverse-ops-ScalingTuner,/aws/lambda/buddyverse-ops-DashboardSync");
        properties.put("dashboard.dead-letter-queue-name", "buddyverse-ops-DeadLetterQueue");
        DashboardSyncHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(properties),
                DashboardSyncHandler::new);
        handlers.add(handler);
        return handler;
    }

    private OpsResult invoke(DashboardSyncHandler handler, String json) {
        return handler.handleRequest(tree(json), TestLambdaContext.of(DashboardSync.NAME));
    }

    private String body(String name) {
        return stack.cloudWatch.getDashboard(b -> b.dashboardName(name)).dashboardBody();
    }

    private List<String> titles(String body) {
        List<String> titles = new ArrayList<>();
        for (JsonNode widget : tree(body).get("widgets").values()) {
            JsonNode title = widget.get("properties").get("title");
            if (title != null) {
                titles.add(title.getStringValue());
            }
        }
        return titles;
    }

    /** The instance ids graphed one by one (the InstanceId dimension of every metric entry), in order. */
    private List<String> instanceSeries(String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode widget : tree(body).get("widgets").values()) {
            JsonNode metrics = widget.get("properties").get("metrics");
            if (metrics == null) {
                continue;
            }
            for (JsonNode metric : metrics.values()) {
                List<JsonNode> parts = new ArrayList<>();
                metric.values().forEach(parts::add);
                if (parts.size() >= 4 && "InstanceId".equals(parts.get(2).getStringValue())) {
                    ids.add(parts.get(3).getStringValue());
                }
            }
        }
        return ids;
    }

    private JsonNode tree(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String sample(String file) {
        return SampleEvents.read("dashboard-sync", file);
    }
}
