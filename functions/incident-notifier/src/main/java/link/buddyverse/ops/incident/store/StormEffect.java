package link.buddyverse.ops.incident.store;

import java.time.Instant;
import java.util.List;

/**
 * What a storm member's transition does to its storm: join it, ask for the roll-up to be refreshed, add
 * thread replies to it.
 */
public record StormEffect(String stormKey, String window, Instant windowEnd, boolean join, boolean refresh,
                          List<OutboxNotice> replies) {

    public StormEffect {
        replies = List.copyOf(replies);
    }
}
