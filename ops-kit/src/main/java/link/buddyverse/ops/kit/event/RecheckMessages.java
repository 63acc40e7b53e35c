package link.buddyverse.ops.kit.event;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire shape of a kit re-check, {@code {"source": "buddyverse.ops", "recheck": {...}}}: written by
 * {@code SendRecheck}'s executor, read back here from an SQS body or a direct invoke.
 */
public final class RecheckMessages {

    public static final String FIELD = "recheck";
    public static final String SOURCE = "buddyverse.ops";

    private RecheckMessages() {
    }

    /** The body to send; values are plain strings so the message stays readable in the console. */
    public static Map<String, Object> body(RecheckMessage message) {
        Map<String, Object> recheck = new LinkedHashMap<>();
        recheck.put("id", message.eventId());
        recheck.put("time", message.time().toString());
        recheck.put("function", message.function());
        recheck.put("subject", message.subject());
        recheck.put("attempt", message.attempt());
        recheck.put("origin", message.origin());
        recheck.put("data", message.data());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", SOURCE);
        body.put(FIELD, recheck);
        return body;
    }

    static RecheckMessage decode(EventFields message) {
        message.requiredObject(FIELD);
        JsonNode attempt = message.node(FIELD + ".attempt");
        if (attempt == null || !attempt.isNumber() || attempt.getIntValue() < 1) {
            throw new MalformedEventException("the re-check field 'recheck.attempt' must be a number of at least 1");
        }
        Instant time = message.optionalTime(FIELD + ".time");
        return new RecheckMessage(message.requiredString(FIELD + ".id"), time == null ? Instant.now() : time,
                message.requiredString(FIELD + ".function"), message.requiredString(FIELD + ".subject"),
                attempt.getIntValue(), message.requiredString(FIELD + ".origin"),
                EventFields.stringMap(message.node(FIELD + ".data")));
    }
}
