package link.buddyverse.ops.dashboard.render;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dashboard body in one canonical form (object keys sorted, no whitespace, numbers as JSON numbers), so that the
 * rendered body and the one GetDashboard returns compare equal when they mean the same dashboard, however either
 * was formatted (the core stack's template writes it indented, the console reorders keys).
 */
public final class CanonicalJson {

    private final JsonMapper jsonMapper;

    public CanonicalJson(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** The canonical form, or empty when the text is not JSON (a body written by hand that CloudWatch took anyway). */
    public Optional<String> of(String body) {
        try {
            JsonNode tree = jsonMapper.readValue(body, JsonNode.class);
            if (tree == null) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder(body.length());
            write(tree, out);
            return Optional.of(out.toString());
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private void write(JsonNode node, StringBuilder out) throws IOException {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.entries().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(jsonMapper.writeValueAsString(entry.getKey())).append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode value : node.values()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(value, out);
            }
            out.append(']');
        } else {
            out.append(jsonMapper.writeValueAsString(node));
        }
    }
}
