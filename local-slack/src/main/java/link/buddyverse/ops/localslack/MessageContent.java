package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What one post shows at one time: a message's version or a thread reply. {@code blocks} is the Block Kit array as
 * sent (empty when the message is text only; Slack then shows {@code text}); treat it as read-only.
 */
public sealed interface MessageContent permits MessageVersion, ThreadReply {

    Instant at();

    String text();

    JsonNode blocks();

    /** {@code {"blocks":[...]}}: what Block Kit Builder and chat.postMessage take. */
    default String blocksPayload() {
        return BlockKitBuilderLink.payload(blocks());
    }
}
