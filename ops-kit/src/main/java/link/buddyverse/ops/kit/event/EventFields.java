package link.buddyverse.ops.kit.event;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads fields out of a JSON tree by path, strictly where a field is required and leniently where it is
 * not, and names the full path in every error so a user sees exactly which field of which event is wrong.
 */
final class EventFields {

    // CloudWatch's SNS notifications write "2026-11-25T08:00:00.000+0000" (no colon in the offset).
    private static final DateTimeFormatter SNS_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private final JsonNode root;
    private final String what;

    EventFields(JsonNode root, String what) {
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

    String requiredString(String path) {
        JsonNode node = node(path);
        if (node == null) {
            throw new MalformedEventException(what + " has no '" + path + "' (a required string)");
        }
        if (!node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a non-empty string, got " + describe(node));
        }
        return node.getStringValue();
    }

    String optionalString(String path) {
        JsonNode node = node(path);
        return node != null && node.isString() ? node.getStringValue() : null;
    }

    JsonNode requiredObject(String path) {
        JsonNode node = node(path);
        if (node == null || !node.isObject()) {
            throw new MalformedEventException(what + " field '" + path + "' must be a JSON object, got " + describe(node));
        }
        return node;
    }

    Instant optionalTime(String path) {
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
                throw new MalformedEventException(what + " field '" + path + "' is not a timestamp: '" + text + "'");
            }
        }
    }

    AlarmState requiredState(String path) {
        String value = requiredString(path);
        try {
            return AlarmState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(what + " field '" + path + "' must be OK, ALARM or INSUFFICIENT_DATA, got '" + value + "'");
        }
    }

    AlarmState optionalState(String path) {
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
        return "the value " + node;
    }
}
