package link.buddyverse.ops.kit.event;

import java.time.Instant;

/**
 * An EventBridge schedule tick. EventBridge reports alarm state *changes* only, so functions use these
 * ticks to re-check alarms that stay in ALARM.
 */
public record ScheduledCheck(String eventId, Instant time, String region, String rule) implements Trigger {

    @Override
    public String kind() {
        return "schedule";
    }
}
