package link.buddyverse.ops.cli.sandbox.gap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.cli.sandbox.StackValues;

/**
 * moto's CloudFormation silently skips AWS::CloudWatch::Alarm. The sandbox takes alarms out of the submission
 * (a Ref of one gives its name, as in CloudFormation) and creates them with PutMetricAlarm once the stack exists,
 * over CloudWatch's JSON protocol ({@code CloudWatchJson}). moto never evaluates them: the drills set their state.
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
        return "moto's CloudFormation silently skips alarms: created with PutMetricAlarm after the stack (over CloudWatch's"
                + " JSON protocol, which moto speaks; the SDK's client speaks CBOR); moto never evaluates them, so the"
                + " drills set their state with SetAlarmState as CloudWatch would.";
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
            deployment.clients().cloudWatch().putMetricAlarm(request);
            deployment.fill(id + " (" + TYPE + "): created with PutMetricAlarm as " + request.get("AlarmName"));
        }
    }
}
