package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * A CloudWatch alarm that changed state, whether it came as an EventBridge "CloudWatch Alarm State Change"
 * event or as the classic alarm notification inside an SNS message.
 *
 * @param dimensions the first metric's dimensions when the event carries them (empty otherwise)
 * @param facts      what a human reads about the alarm (threshold, statistic, period, description); never
 *                   needed for a decision, so absent values are nulls, not errors
 */
public record AlarmStateChange(
        String eventId,
        Instant time,
        @Nullable String region,
        @Nullable String account,
        String alarmName,
        AlarmState state,
        @Nullable AlarmState previousState,
        @Nullable String reason,
        @Nullable String namespace,
        @Nullable String metricName,
        Map<String, String> dimensions,
        AlarmFacts facts) implements Trigger {

    /** The alarm's configuration as the event reports it. */
    public record AlarmFacts(@Nullable String threshold, @Nullable String comparison, @Nullable String statistic,
                             @Nullable Integer periodSeconds, @Nullable String description) {

        public static final AlarmFacts NONE = new AlarmFacts(null, null, null, null, null);
    }

    @Override
    public String kind() {
        return "alarm";
    }

    @Override
    public String subject() {
        return alarmName;
    }
}
