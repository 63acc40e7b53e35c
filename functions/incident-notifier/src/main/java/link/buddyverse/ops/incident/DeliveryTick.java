package link.buddyverse.ops.incident;

import java.time.Instant;

/** The every-minute schedule: deliver what the outbox still holds, resolve incidents that went quiet. */
public record DeliveryTick(String eventId, Instant time) implements NotifierInput {

    @Override
    public String kind() {
        return "schedule";
    }

    @Override
    public String subject() {
        return "outbox";
    }
}
