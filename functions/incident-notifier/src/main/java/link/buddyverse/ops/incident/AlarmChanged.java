package link.buddyverse.ops.incident;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.kit.event.AlarmStateChange;

/**
 * A CloudWatch alarm state change (EventBridge or SNS-wrapped), with the facts the incident message shows and
 * ops-kit's decoding leaves out: threshold, statistic, period, the alarm's own description.
 */
public record AlarmChanged(AlarmStateChange change, @Nullable String threshold, @Nullable String comparison,
                           @Nullable String statistic, @Nullable Integer periodSeconds,
                           @Nullable String description) implements NotifierInput {

    @Override
    public String eventId() {
        return change.eventId();
    }

    @Override
    public Instant time() {
        return change.time();
    }

    @Override
    public String kind() {
        return "alarm";
    }

    @Override
    public String subject() {
        return change.alarmName();
    }
}
