package link.buddyverse.ops.kit.alarm;

import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * Which of a function's alarms CloudWatch reports in ALARM now (DescribeAlarms): what a schedule tick re-checks,
 * since an alarm emits one event however long it stays in ALARM, and may be firing before the stack is deployed.
 * Not a bean: a function that re-checks alarms carries the CloudWatch SDK and calls this from its observer.
 */
public final class FiringAlarms {

    /** The IAM action {@link #of} calls, for the observer's declaration. */
    public static final String IAM_ACTION = "cloudwatch:DescribeAlarms";

    private FiringAlarms() {
    }

    public static List<String> of(CloudWatchClient cloudWatch, List<String> alarmNames) {
        if (alarmNames.isEmpty()) {
            return List.of();
        }
        // DescribeAlarms takes at most 100 names; a function manages a handful. The state is checked on each alarm
        // too: moto (5.2) applies only the first of AlarmNames and StateValue.
        return cloudWatch.describeAlarmsPaginator(b -> b.alarmNames(alarmNames).stateValue(StateValue.ALARM)
                        .alarmTypes(AlarmType.METRIC_ALARM))
                .metricAlarms().stream().filter(alarm -> alarm.stateValue() == StateValue.ALARM)
                .map(MetricAlarm::alarmName).toList();
    }
}
