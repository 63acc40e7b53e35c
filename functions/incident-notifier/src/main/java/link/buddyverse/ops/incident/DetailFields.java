package link.buddyverse.ops.incident;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.kit.event.MalformedEventException;

/**
 * Reads the fields of the events only the notifier decodes, by dotted path, strict where a field is required
 * and lenient elsewhere; every error names the path and what came instead.
 */
final class DetailFields {

    private final JsonNode root;
    private final String what;

    DetailFields(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new MalformedEventException(what + " must be a JSON object, got " + describe(root));
        }
        this.root = root;
        this.what = what;
    }

    JsonNode node(String path) {
        JsonNode current = root;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current == null || current.isNull() ? null : current;
    }

    String required(String path) {
        JsonNode node = node(path);
        if (node == null) {
            throw new MalformedEventException(what + " has no '" + path + "' (a required string)");
        }
        if (!node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a non-empty string, got " + describe(node));
        }
        return node.getStringValue();
    }

    String optional(String path) {
        JsonNode node = node(path);
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            // AWS sends "" for fields that do not apply (EC2InstanceId of a launch that never started).
            return node.getStringValue().isBlank() ? null : node.getStringValue();
        }
        return node.isValueNode() ? node.coerceStringValue() : null;
    }

    JsonNode requiredObject(String path) {
        JsonNode node = node(path);
        if (node == null || !node.isObject()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a JSON object, got " + describe(node));
        }
        return node;
    }

    List<String> strings(String path) {
        JsonNode node = node(path);
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.values().forEach(value -> {
                if (value.isString()) {
                    values.add(value.getStringValue());
                }
            });
        } else if (node != null && node.isString()) {
            values.add(node.getStringValue());
        }
        return values;
    }

    Instant time(String path) {
        String text = optional(path);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(what + " field '" + path + "' is not an ISO-8601 timestamp: '" + text + "'");
        }
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "the string '" + node.getStringValue() + "'";
        }
        return "the value " + node.coerceStringValue();
    }
}
