package link.buddyverse.ops.incident;

import java.time.Instant;

/**
 * One decoded input of the notifier. Alarms, SNS-wrapped alarms and schedule ticks are decoded by ops-kit's
 * {@code EventDecoder}; the three inputs only the notifier consumes are decoded here ({@link NotifierEvents}).
 */
public sealed interface NotifierInput permits AlarmChanged, OpsActionTaken, RdsInstanceEvent, ScalingActivityFailed,
        DeliveryTick {

    /** The event id: the idempotency key. */
    String eventId();

    Instant time();

    /** A short name for logs and results. */
    String kind();

    /** What the event is about (the alarm, the resource), for logs and results. */
    String subject();
}
