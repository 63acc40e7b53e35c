package link.buddyverse.ops.kit.event;

import java.time.Instant;

/** What woke a function up: one decoded event. The event id is the idempotency key. */
public sealed interface Trigger permits AlarmStateChange, ScheduledCheck {

    String eventId();

    Instant time();

    /** A short name for logs and results: {@code alarm} or {@code schedule}. */
    String kind();
}
