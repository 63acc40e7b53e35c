package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Jackson, configured once. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {
    }

    static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys sorted at every level: the same parameters always give the same text. */
    static String canonical(JsonNode node) {
        try {
            return SORTED.writeValueAsString(MAPPER.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
