package link.buddyverse.ops.scaling;

import static link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * ScalingTunerFunction end to end against moto on loopback: a sample event goes in, the group really changes
 * (read back with the SDK), the state table and the ops events say what happened.
 */
@ExtendWith(MotoExtension.class)
class ScalingTunerHandlerTest {

    static final String TABLE = "OpsState";

    AwsClients clients;
    AutoScalingClient autoScaling;
    DynamoDbClient dynamoDb;
    final List<ScalingTunerHandler> handlers = new ArrayList<>();
    JsonMapper jsonMapper;

    @BeforeEach
    void createTheWebTier() {
        clients = new AwsClients();
        autoScaling = clients.build(AutoScalingClient.builder());
        dynamoDb = clients.build(DynamoDbClient.builder());
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        OpsStateTableSchema.createIfMissing(dynamoDb, TABLE);
        jsonMapper = JsonMapper.createDefault();
    }

    @AfterEach
    void closeHandlers() {
        handlers.forEach(handler -> handler.getApplicationContext().close());
    }

    @Test
    void raisesDesiredCapacityWhenTheCpuHighAlarmFires() {
        OpsResult result = invoke(handler(false), sample("cpu-high-alarm.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.trigger().alarm()).isEqualTo("Buddy-CPU-High");
        assertThat(result.trigger().state()).isEqualTo("ALARM");
        assertThat(result.plan()).singleElement().satisfies(action -> {
            assertThat(action.action()).isEqualTo("SetDesiredCapacity");
            assertThat(action.before()).isEqualTo("2");
            assertThat(action.after()).isEqualTo("3");
        });
        assertThat(result.outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo("applied"));
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void theSnsWrappedAlarmActsLikeTheEventBridgeOne() {
        OpsResult result = invoke(handler(false), sample("sns-wrapped-alarm.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void dryRunPlansButChangesNothing() {
        OpsResult result = invoke(handler(true), sample("cpu-high-alarm.json"));

        assertThat(result.status()).isEqualTo("dry-run");
        assertThat(result.plan()).hasSize(1);
        assertThat(result.outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo("dry-run"));
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(2);
        assertThat(stateKeys()).isEmpty();
    }

    @Test
    void theSameEventDeliveredTwiceActsOnce() {
        ScalingTunerHandler handler = handler(false);
        String event = sample("cpu-high-alarm.json");

        OpsResult first = invoke(handler, event);
        OpsResult second = invoke(handler, event);

        assertThat(first.status()).isEqualTo("applied");
        assertThat(second.status()).isEqualTo("duplicate");
        assertThat(second.outcomes()).isEqualTo(first.outcomes());
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void twoAlarmEventsAtTheSameMomentWithinTheCooldownActOnce() throws Exception {
        ScalingTunerHandler containerA = handler(false);
        ScalingTunerHandler containerB = handler(false);
        String eventA = SampleEvents.withId(sample("cpu-high-alarm.json"), "a7c3e1f0-0000-4000-8000-00000000000a");
        String eventB = SampleEvents.withId(sample("cpu-high-alarm.json"), "b7c3e1f0-0000-4000-8000-00000000000b");
        CyclicBarrier start = new CyclicBarrier(2);

        CompletableFuture<OpsResult> a = CompletableFuture.supplyAsync(() -> { await(start); return invoke(containerA, eventA); });
        CompletableFuture<OpsResult> b = CompletableFuture.supplyAsync(() -> { await(start); return invoke(containerB, eventB); });
        List<OpsResult> results = List.of(a.get(), b.get());

        assertThat(results).extracting(OpsResult::status).containsExactlyInAnyOrder("applied", "skipped");
        assertThat(results).filteredOn(r -> r.status().equals("skipped"))
                .singleElement().satisfies(r -> assertThat(r.outcomes().get(0).detail()).startsWith("cooldown:"));
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void aScaleInRightAfterAScaleOutWaitsForTheCooldown() {
        ScalingTunerHandler handler = handler(false);
        invoke(handler, sample("cpu-high-alarm.json"));

        OpsResult scaleIn = invoke(handler, sample("cpu-low-alarm.json"));

        assertThat(scaleIn.status()).isEqualTo("skipped");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void theUnhealthyHostsAlarmReadsTargetHealthAndLeavesHealthyInstancesAlone() {
        clients.build(ElasticLoadBalancingV2Client.builder()).createTargetGroup(b -> b
                .name("Buddy-LoadBalance-TargetGroup").targetType(TargetTypeEnum.LAMBDA));

        OpsResult result = invoke(handler(false), sample("unhealthy-hosts-alarm.json"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("no in-service instance is unhealthy to the load balancer");
        assertThat(BuddyWebTier.describe(autoScaling).instances())
                .allSatisfy(instance -> assertThat(instance.healthStatus()).isEqualTo("Healthy"));
    }

    @Test
    void theUnhealthyHostsAlarmWarnsWhenTheTargetGroupDoesNotExist() {
        OpsResult result = invoke(handler(false), sample("unhealthy-hosts-alarm.json"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.warnings()).singleElement().asString().contains("'Buddy-LoadBalance-TargetGroup' does not exist");
    }

    @Test
    void anAlarmBackToOkPlansNothing() {
        OpsResult result = invoke(handler(false), sample("cpu-high-ok.json"));

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("is OK");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(2);
        assertThat(stateKeys()).isEmpty();
    }

    @Test
    void aMalformedEventIsRejectedWithoutAnyChange() {
        OpsResult result = invoke(handler(false), "{\"hello\": \"world\"}");

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("neither an EventBridge event").contains("an SNS notification or SQS batch");
        assertNothingChanged();
    }

    @Test
    void anEventWithoutItsAlarmStateIsRejectedNamingTheMissingField() {
        String event = sample("cpu-high-alarm.json").replace("\"value\": \"ALARM\"", "\"valu\": \"ALARM\"");

        OpsResult result = invoke(handler(false), event);

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("'detail.state.value'");
        assertNothingChanged();
    }

    @Test
    void anAlarmThatIsNotManagedIsSkippedWithItsReason() {
        String event = sample("cpu-high-alarm.json").replace("\"alarmName\": \"Buddy-CPU-High\"", "\"alarmName\": \"Someone-Elses-Alarm\"");

        OpsResult result = invoke(handler(false), event);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("'Someone-Elses-Alarm' is not managed").contains("Buddy-CPU-High");
        assertNothingChanged();
    }

    @Test
    void theScheduledRecheckKeepsTuningAGroupPinnedAtItsMaximum() {
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(4));
        alarmIs("Buddy-CPU-High", StateValue.ALARM);

        OpsResult result = invoke(handler(false), sample("scheduled-recheck.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.warnings()).singleElement().asString().contains("pinned at MaxSize 4");
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(5);
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(5);
    }

    @Test
    void theScheduledRecheckActsOnAnAlarmAlreadyFiringWhenTheStackWasDeployed() {
        // No state change event ever reached the function: CloudWatch itself says the alarm is in ALARM.
        alarmIs("Buddy-CPU-High", StateValue.ALARM);

        OpsResult result = invoke(handler(false), sample("scheduled-recheck.json"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void theScheduledRecheckActsOnTheMostUrgentAlarmInAlarm() {
        alarmIs("Buddy-CPU-Low", StateValue.ALARM);
        alarmIs("Buddy-CPU-High", StateValue.ALARM);

        OpsResult result = invoke(handler(false), sample("scheduled-recheck.json"));

        assertThat(result.plan()).singleElement().satisfies(action -> assertThat(action.reason()).contains("Buddy-CPU-High"));
    }

    @Test
    void theScheduledRecheckDoesNothingOnceTheAlarmIsBackToOk() {
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(4));
        alarmIs("Buddy-CPU-High", StateValue.ALARM);
        alarmIs("Buddy-CPU-High", StateValue.OK);

        OpsResult result = invoke(handler(false), sample("scheduled-recheck.json"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(4);
    }

    @Test
    void theScheduledRecheckDoesNothingWhenNoManagedAlarmIsInAlarm() {
        OpsResult result = invoke(handler(false), sample("scheduled-recheck.json"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("no managed alarm is in ALARM");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(2);
    }

    @Test
    void everyOutcomeIsToldAsABuddyverseOpsEvent() {
        SqsClient sqs = clients.build(SqsClient.builder());
        EventBridgeClient eventBridge = clients.build(EventBridgeClient.builder());
        String queueUrl = sqs.createQueue(b -> b.queueName("ops-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        eventBridge.putRule(b -> b.name("ops-actions").eventPattern("{\"source\":[\"buddyverse.ops\"],\"detail-type\":[\"Ops Action\"]}"));
        eventBridge.putTargets(b -> b.rule("ops-actions").targets(t -> t.id("queue").arn(queueArn)));

        invoke(handler(false), sample("cpu-high-alarm.json"));

        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(messages).singleElement().satisfies(message -> {
            JsonNode event = readTree(message.body());
            assertThat(event.get("source").getStringValue()).isEqualTo("buddyverse.ops");
            JsonNode detail = event.get("detail");
            assertThat(detail.get("function").getStringValue()).isEqualTo("ScalingTunerFunction");
            assertThat(detail.get("trigger").get("alarm").getStringValue()).isEqualTo("Buddy-CPU-High");
            assertThat(detail.get("action").get("after").getStringValue()).isEqualTo("3");
            assertThat(detail.get("outcome").get("status").getStringValue()).isEqualTo("applied");
        });
    }

    private ScalingTunerHandler handler(boolean dryRun) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ops.dry-run", dryRun);
        properties.put("ops.state-table", TABLE);
        ScalingTunerHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(properties),
                ScalingTunerHandler::new);
        handlers.add(handler);
        return handler;
    }

    private OpsResult invoke(ScalingTunerHandler handler, String json) {
        return handler.handleRequest(readTree(json), TestLambdaContext.of("ScalingTunerFunction"));
    }

    private JsonNode readTree(String json) {
        try {
            return jsonMapper.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String sample(String file) {
        return SampleEvents.read("scaling-tuner", file);
    }

    /** CloudWatch's own record of an alarm's state, through the SDK's CloudWatch client (CBOR, via the gateway). */
    private void alarmIs(String name, StateValue state) {
        CloudWatchClient cloudWatch = clients.build(CloudWatchClient.builder());
        cloudWatch.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/EC2").metricName("CPUUtilization")
                .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(3).threshold(70.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason("set by the test"));
    }

    private void assertNothingChanged() {
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(2);
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(4);
        assertThat(stateItems()).isEmpty();
    }

    private List<Map<String, AttributeValue>> stateItems() {
        return dynamoDb.scan(b -> b.tableName(TABLE)).items();
    }

    private List<String> stateKeys() {
        return stateItems().stream().map(item -> item.get("pk").s()).toList();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
