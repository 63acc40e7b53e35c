package link.buddyverse.ops.kit.event;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads fields out of a JSON tree by path, strictly where a field is required and leniently where it is
 * not, and names the full path in every error so a user sees exactly which field of which event is wrong.
 * Shared by every function that decodes an event shape of its own.
 */
public final class EventFields {

    // CloudWatch's SNS notifications write "2026-11-25T08:00:00.000+0000" (no colon in the offset).
    private static final DateTimeFormatter SNS_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private final JsonNode root;
    private final String what;

    public EventFields(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new MalformedEventException(what + " must be a JSON object, got " + describe(root));
        }
        this.root = root;
        this.what = what;
    }

    public JsonNode node(String path) {
        JsonNode current = root;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current == null || current.isNull() ? null : current;
    }

    public String requiredString(String path) {
        JsonNode node = node(path);
        if (node == null) {
            throw new MalformedEventException(what + " has no '" + path + "' (a required string)");
        }
        if (!node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a non-empty string, got " + describe(node));
        }
        return node.getStringValue();
    }

    /** A field's text, or null when it is absent or blank (AWS sends "" for fields that do not apply). */
    public String optionalString(String path) {
        JsonNode node = node(path);
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.getStringValue().isBlank() ? null : node.getStringValue();
        }
        return node.isValueNode() ? node.coerceStringValue() : null;
    }

    /** A string or an array of strings, as a list (empty when absent). */
    public List<String> strings(String path) {
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

    public JsonNode requiredObject(String path) {
        JsonNode node = node(path);
        if (node == null || !node.isObject()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a JSON object, got " + describe(node));
        }
        return node;
    }

    public Instant optionalTime(String path) {
        String text = optionalString(path);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(text, SNS_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedEventException(what + " field '" + path + "' is not an ISO-8601 timestamp: '" + text + "'");
            }
        }
    }

    public AlarmState requiredState(String path) {
        String value = requiredString(path);
        try {
            return AlarmState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(what + " field '" + path + "' must be OK, ALARM or INSUFFICIENT_DATA, got '" + value + "'");
        }
    }

    public AlarmState optionalState(String path) {
        String value = optionalString(path);
        if (value == null) {
            return null;
        }
        try {
            return AlarmState.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                if (entry.getValue().isString()) {
                    map.put(entry.getKey(), entry.getValue().getStringValue());
                }
            }
        }
        return map;
    }

    private static String describe(JsonNode node) {
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
