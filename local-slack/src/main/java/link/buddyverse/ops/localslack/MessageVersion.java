package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A message as it read from {@code at} on: as posted, or as one chat.update left it. */
public record MessageVersion(Instant at, String text, JsonNode blocks) implements MessageContent {
}
