package link.buddyverse.ops.scaling;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Warm ScalingTunerFunction containers for the race tests and the soak: each its own application context (as Lambda
 * runs one per execution environment), all on the one state table, with the sample alarm events re-dated and re-keyed.
 */
final class TunerContainers implements AutoCloseable {

    static final String TABLE = "OpsState";

    private final List<ScalingTunerHandler> containers = new ArrayList<>();
    private final JsonMapper jsonMapper = JsonMapper.createDefault();
    private final int cooldownSeconds;

    TunerContainers(int cooldownSeconds) {
        this.cooldownSeconds = cooldownSeconds;
    }

    ScalingTunerHandler start() {
        ScalingTunerHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(Map.of(
                "ops.state-table", TABLE, "scaling.cooldown-seconds", cooldownSeconds)), ScalingTunerHandler::new);
        synchronized (containers) {
            containers.add(handler);
        }
        return handler;
    }

    OpsResult invoke(ScalingTunerHandler handler, String json) {
        return invoke(handler, json, 30_000);
    }

    OpsResult invoke(ScalingTunerHandler handler, String json, int remainingMillis) {
        try {
            return handler.handleRequest(jsonMapper.readValue(json, JsonNode.class),
                    TestLambdaContext.withRemaining(ScalingTuner.NAME, remainingMillis));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The sample ALARM event of {@code alarm} ({@code cpu-high-alarm.json}'s shape), with its own id and time. */
    static String alarmEvent(String alarm, String eventId, Instant time) {
        return SampleEvents.read("scaling-tuner", "cpu-high-alarm.json")
                .replace("f2e7904f-fef4-4c09-8f58-46cadbde5808", eventId)
                .replace("\"time\": \"2026-11-25T08:00:00Z\"", "\"time\": \"" + time + "\"")
                .replace("Buddy-CPU-High", alarm);
    }

    static void alarmIs(CloudWatchClient cloudWatch, String name, StateValue state) {
        cloudWatch.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/EC2").metricName("CPUUtilization")
                .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(3).threshold(70.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason("set by the test"));
    }

    @Override
    public void close() {
        synchronized (containers) {
            containers.forEach(ScalingTunerHandler::close);
            containers.clear();
        }
    }
}
