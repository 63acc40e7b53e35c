package link.buddyverse.ops.kit.event;

import java.time.Instant;

/**
 * What woke a function up: one decoded event, whatever envelope it came in (EventBridge, SNS, an SQS record,
 * a direct invoke). The event id is the idempotency key. Each function declares which of these it accepts
 * ({@code OpsFunction.accepts()}); the skeleton skips the rest with the reason.
 */
public sealed interface Trigger permits AlarmStateChange, ScheduledCheck, OpsActionEvent, RdsInstanceEvent,
        AutoScalingInstanceEvent, LifecycleAction, RecheckMessage {

    String eventId();

    Instant time();

    /** A short name for logs and results: {@code alarm}, {@code schedule}, {@code ops-action}, ... */
    String kind();

    /** What the event is about (the alarm, the instance, the resource), for logs and results. */
    String subject();
}
