package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.cli.SetupException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import link.buddyverse.ops.cli.sandbox.StackValues;

/**
 * moto's CloudFormation silently skips AWS::CloudWatch::Alarm. The sandbox takes alarms out of the submission
 * (a Ref of one gives its name, as in CloudFormation) and creates them with PutMetricAlarm once the stack exists,
 * with the SDK's CloudWatch client (through the gateway's CBOR bridge). moto never evaluates them: the drills set
 * their state.
 */
public final class CloudWatchAlarms implements MotoGap {

    static final String TYPE = "AWS::CloudWatch::Alarm";
    /** PutMetricAlarm wants numbers here; a Ref of a Number parameter gives text. */
    private static final Set<String> INTEGERS = Set.of("Period", "EvaluationPeriods", "DatapointsToAlarm");
    private static final Set<String> DECIMALS = Set.of("Threshold");

    @Override
    public String subject() {
        return TYPE;
    }

    @Override
    public String description() {
        return "moto's CloudFormation silently skips alarms: created with PutMetricAlarm after the stack (the SDK's client,"
                + " whose CBOR the gateway bridges to moto's JSON protocol); moto never evaluates them, so the drills set"
                + " their state with SetAlarmState as CloudWatch would.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            Object declared = deployment.properties(id).get("AlarmName");
            String name = declared == null ? deployment.stackName() + "-" + id : values.text(declared);
            deployment.createdBySandbox(id, name);
        }
    }

    @Override
    public void afterStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) values.evaluate(deployment.properties(id));
            Map<String, Object> request = new LinkedHashMap<>(properties);
            request.put("AlarmName", deployment.filledResources().get(id));
            request.replaceAll((key, value) -> {
                if (INTEGERS.contains(key)) {
                    return Long.parseLong(String.valueOf(value));
                }
                if (DECIMALS.contains(key)) {
                    return Double.parseDouble(String.valueOf(value));
                }
                if ("ActionsEnabled".equals(key)) {
                    return Boolean.parseBoolean(String.valueOf(value));
                }
                return value;
            });
            deployment.clients().cloudWatch().putMetricAlarm(putMetricAlarm(request));
            deployment.fill(id + " (" + TYPE + "): created with PutMetricAlarm as " + request.get("AlarmName"));
        }
    }

    /** The alarm's properties (as AWS::CloudWatch::Alarm names them, which are PutMetricAlarm's names) as a request. */
    static PutMetricAlarmRequest putMetricAlarm(Map<String, Object> properties) {
        PutMetricAlarmRequest.Builder request = PutMetricAlarmRequest.builder();
        properties.forEach((key, value) -> {
            switch (key) {
                case "AlarmName" -> request.alarmName(String.valueOf(value));
                case "AlarmDescription" -> request.alarmDescription(String.valueOf(value));
                case "ActionsEnabled" -> request.actionsEnabled((Boolean) value);
                case "AlarmActions" -> request.alarmActions(texts(value));
                case "OKActions" -> request.okActions(texts(value));
                case "InsufficientDataActions" -> request.insufficientDataActions(texts(value));
                case "MetricName" -> request.metricName(String.valueOf(value));
                case "Namespace" -> request.namespace(String.valueOf(value));
                case "Statistic" -> request.statistic(String.valueOf(value));
                case "ExtendedStatistic" -> request.extendedStatistic(String.valueOf(value));
                case "Dimensions" -> {
                    List<Dimension> dimensions = new ArrayList<>();
                    for (Object item : (List<?>) value) {
                        Map<?, ?> dimension = (Map<?, ?>) item;
                        dimensions.add(Dimension.builder().name(String.valueOf(dimension.get("Name")))
                                .value(String.valueOf(dimension.get("Value"))).build());
                    }
                    request.dimensions(dimensions);
                }
                case "Period" -> request.period(((Number) value).intValue());
                case "EvaluationPeriods" -> request.evaluationPeriods(((Number) value).intValue());
                case "DatapointsToAlarm" -> request.datapointsToAlarm(((Number) value).intValue());
                case "Threshold" -> request.threshold(((Number) value).doubleValue());
                case "ThresholdMetricId" -> request.thresholdMetricId(String.valueOf(value));
                case "ComparisonOperator" -> request.comparisonOperator(String.valueOf(value));
                case "TreatMissingData" -> request.treatMissingData(String.valueOf(value));
                case "EvaluateLowSampleCountPercentile" -> request.evaluateLowSampleCountPercentile(String.valueOf(value));
                case "Unit" -> request.unit(String.valueOf(value));
                default -> throw new SetupException("AWS::CloudWatch::Alarm property " + key
                        + " is not passed to PutMetricAlarm by the sandbox yet (CloudWatchAlarms.putMetricAlarm)");
            }
        });
        return request.build();
    }

    private static List<String> texts(Object value) {
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
