package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * An EventBridge schedule tick. EventBridge reports state *changes* only, so functions use these ticks to
 * reconcile: re-check alarms that stay in ALARM, sweep for work no event announced.
 */
public record ScheduledCheck(String eventId, Instant time, @Nullable String region, @Nullable String rule) implements Trigger {

    @Override
    public String kind() {
        return "schedule";
    }

    @Override
    public String subject() {
        return rule == null ? "schedule" : rule;
    }
}
