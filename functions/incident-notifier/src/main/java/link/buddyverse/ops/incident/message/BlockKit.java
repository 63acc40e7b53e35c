package link.buddyverse.ops.incident.message;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Block Kit as JSON, with the kit's Jackson (Micronaut Serde): what chat.postMessage and webhooks send. */
@Singleton
public class BlockKit {

    private final JsonMapper json;

    public BlockKit(JsonMapper json) {
        this.json = json;
    }

    /** The blocks as a JSON array: the Web API's {@code blocks} form field. */
    public String blocks(List<Block> blocks) {
        return write(blocks);
    }

    /** {@code {"blocks": [...]}}: what Block Kit Builder shows. */
    public String message(SlackMessage message) {
        return write(Map.of("blocks", message.blocks()));
    }

    /** {@code {"text": ..., "blocks": [...]}}: an incoming webhook's payload. */
    public String webhookPayload(SlackMessage message) {
        return write(Map.of("text", message.text(), "blocks", message.blocks()));
    }

    /** Any value the kit's mapper can write (a form field's JSON, such as message metadata). */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Block Kit JSON: " + e.getMessage(), e);
        }
    }
}
