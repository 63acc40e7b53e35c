package link.buddyverse.ops.efs;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * Buddy-EFS in moto (bursting, General Purpose, tagged by name as the core stack tags it), the state table, and
 * EfsGuardFunction containers to deliver events to, each with its own clock when a test crosses time.
 */
final class BuddyFileSystem implements AutoCloseable {

    static final String TABLE = "OpsState";
    static final String NAME = "Buddy-EFS";

    final AwsClients clients = new AwsClients();
    final EfsClient efs = clients.build(EfsClient.builder());
    final CloudWatchClient cloudWatch = clients.build(CloudWatchClient.builder());
    final DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder());
    final String id;
    private final List<EfsGuardHandler> containers = new ArrayList<>();
    private final JsonMapper json = JsonMapper.createDefault();

    BuddyFileSystem() {
        OpsStateTableSchema.createIfMissing(dynamoDb, TABLE);
        id = efs.createFileSystem(b -> b.creationToken("buddy-efs").performanceMode("generalPurpose")
                .throughputMode("bursting").encrypted(true).tags(t -> t.key("Name").value(NAME))).fileSystemId();
    }

    String mode() {
        return efs.describeFileSystems(b -> b.fileSystemId(id)).fileSystems().get(0).throughputModeAsString();
    }

    EfsGuardHandler container() {
        return container(Map.of(), Clock.systemUTC());
    }

    EfsGuardHandler container(Map<String, Object> extra, Clock clock) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ops.dry-run", false);
        properties.put("ops.state-table", TABLE);
        properties.putAll(extra);
        EfsGuardHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(properties)
                .singletons(clock), EfsGuardHandler::new);
        containers.add(handler);
        return handler;
    }

    OpsResult deliver(EfsGuardHandler container, String event) {
        return container.handleRequest(tree(event), TestLambdaContext.of(EfsGuard.NAME));
    }

    /** A sample of events/efs-guard/, as a new delivery (its own event id). */
    static String sample(String file, String id) {
        return SampleEvents.withId(SampleEvents.read("efs-guard", file), id);
    }

    /** A BurstCreditBalance datapoint every 5 minutes over the last {@code span}, all at {@code bytes}. */
    void creditsHeldAt(double bytes, Duration span, Instant now) {
        metric("BurstCreditBalance", bytes, span, now);
    }

    /** CloudWatch's own record of an alarm's state (what the hourly check asks for). */
    void alarmIs(String name, StateValue state) {
        cloudWatch.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/EFS").metricName("BurstCreditBalance")
                .statistic(Statistic.MINIMUM).period(300).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD));
        cloudWatch.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason("set by the test"));
    }

    void ioLimitAt(double percent, Duration span, Instant now) {
        metric("PercentIOLimit", percent, span, now);
    }

    private void metric(String name, double value, Duration span, Instant now) {
        List<MetricDatum> data = new ArrayList<>();
        for (Instant t = now.minus(span); !t.isAfter(now); t = t.plus(Duration.ofMinutes(5))) {
            data.add(MetricDatum.builder().metricName(name).value(value).timestamp(t)
                    .dimensions(Dimension.builder().name("FileSystemId").value(id).build()).build());
        }
        for (int i = 0; i < data.size(); i += 20) {
            List<MetricDatum> batch = data.subList(i, Math.min(i + 20, data.size()));
            cloudWatch.putMetricData(b -> b.namespace("AWS/EFS").metricData(batch));
        }
    }

    private JsonNode tree(String event) {
        try {
            return json.readValue(event, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        containers.forEach(EfsGuardHandler::close);
    }
}
