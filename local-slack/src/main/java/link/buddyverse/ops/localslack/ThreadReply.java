package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A reply in a message's thread. {@code noticeId}: the notifier's notice id from the reply's metadata (how the
 * notifier finds a reply whose answer never came), null when it carried none.
 */
public record ThreadReply(Instant at, String ts, String text, JsonNode blocks, String noticeId) implements MessageContent {
}
