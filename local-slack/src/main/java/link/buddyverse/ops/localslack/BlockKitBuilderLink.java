package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A link that opens blocks in Slack's Block Kit Builder, which reads its payload from the URL's fragment: the
 * fragment never reaches Slack's servers, so the link works for anyone signed in to a workspace and leaks nothing
 * to a server log.
 */
public final class BlockKitBuilderLink {

    public static final String BUILDER = "https://app.slack.com/block-kit-builder/#";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BlockKitBuilderLink() {
    }

    /** The builder's URL for these blocks (an array, or missing for none). */
    public static String to(JsonNode blocks) {
        // The builder decodes with decodeURIComponent, which leaves '+' as '+': spaces must be %20.
        return BUILDER + URLEncoder.encode(payload(blocks), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code {"blocks":[...]}}, compact. */
    public static String payload(JsonNode blocks) {
        ObjectNode payload = JSON.createObjectNode();
        payload.set("blocks", blocks != null && blocks.isArray() ? blocks : JSON.createArrayNode());
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
