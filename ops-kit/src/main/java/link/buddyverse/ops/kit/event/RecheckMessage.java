package link.buddyverse.ops.kit.event;

import java.time.Instant;
import java.util.Map;

/**
 * A re-check a function asked for earlier: a message the kit put on the function's own delay queue
 * ({@code SendRecheck}), carrying what the function needs to pick up where it stopped.
 *
 * @param eventId  deterministic ({@code <origin>/recheck-<attempt>}), so a re-check sent twice acts once
 * @param function the function that asked for it; another function's re-check is skipped
 * @param subject  what it is about (an instance id, a replica): also what its cooldown lock is keyed on
 * @param attempt  1 for the first re-check; functions give up past their own limit
 * @param origin   the event id that started the chain
 * @param data     the function's own notes (a lifecycle token, a hook name, a deadline)
 */
public record RecheckMessage(String eventId, Instant time, String function, String subject, int attempt, String origin,
                             Map<String, String> data) implements Trigger {

    public RecheckMessage {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    @Override
    public String kind() {
        return "recheck";
    }
}
