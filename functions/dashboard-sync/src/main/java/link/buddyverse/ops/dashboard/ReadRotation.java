package link.buddyverse.ops.dashboard;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which replicas ReplicaRotatorFunction has in the read rotation, from the JSON it publishes in SSM. That function is
 * built in parallel and its exact shape may still move, so this reads every string in the document (ids or endpoint
 * addresses, in a list or under any key): a replica is in rotation when its id or its address appears. Values such as
 * {@code "enabled": false} are not read as membership; a document naming no replica at all means none is in rotation.
 */
public final class ReadRotation {

    private ReadRotation() {
    }

    /** The strings of the document, or empty when it is not JSON (the caller then falls back and warns). */
    public static Optional<Set<String>> names(JsonMapper jsonMapper, String document) {
        try {
            JsonNode root = jsonMapper.readValue(document, JsonNode.class);
            if (root == null) {
                return Optional.empty();
            }
            Set<String> names = new HashSet<>();
            collect(root, names);
            return Optional.of(names);
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isString()) {
            names.add(node.getStringValue());
        } else if (node.isArray()) {
            node.values().forEach(value -> collect(value, names));
        } else if (node.isObject()) {
            node.entries().forEach(entry -> {
                // A map keyed by replica id ({"database1-replica": {"weight": 1}}) names it too, unless disabled.
                if (!(entry.getValue().isBoolean() && !entry.getValue().getBooleanValue())
                        && !(entry.getValue().isObject() && entry.getValue().get("inRotation") != null
                        && !entry.getValue().get("inRotation").getBooleanValue())) {
                    names.add(entry.getKey());
                }
                collect(entry.getValue(), names);
            });
        }
    }
}
