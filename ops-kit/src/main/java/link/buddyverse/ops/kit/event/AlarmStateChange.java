package link.buddyverse.ops.kit.event;

import java.time.Instant;
import java.util.Map;

/**
 * A CloudWatch alarm that changed state, whether it came as an EventBridge "CloudWatch Alarm State Change"
 * event or as the classic alarm notification inside an SNS message.
 *
 * @param dimensions the first metric's dimensions when the event carries them (empty otherwise)
 */
public record AlarmStateChange(
        String eventId,
        Instant time,
        String region,
        String account,
        String alarmName,
        AlarmState state,
        AlarmState previousState,
        String reason,
        String namespace,
        String metricName,
        Map<String, String> dimensions) implements Trigger {

    @Override
    public String kind() {
        return "alarm";
    }
}
