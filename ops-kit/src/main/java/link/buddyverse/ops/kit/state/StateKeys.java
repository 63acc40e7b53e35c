package link.buddyverse.ops.kit.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Every key prefix of the OpsState table, declared once with the shape of its items. Values that come from
 * events (event ids, alarm names, resource names) go through {@link #part}: DynamoDB keys are limited to 2,048
 * bytes, so a part longer than {@link #MAX_PART_BYTES} is replaced by its SHA-256 (deterministic, so a long id
 * delivered twice still lands on one record).
 *
 * <pre>
 * event#&lt;function&gt;#&lt;eventId&gt;   idempotency: status IN_PROGRESS|COMPLETED|FAILED, requestId, inProgressUntil,
 *                              attempt, plan (JSON of the recorded actions), applied (indices done), result, error
 * lock#&lt;resource&gt;             cooldown and single-writer lock: holder (event id), acquiredAt, expiresAt
 * lease#&lt;resource&gt;            who observes, plans and applies on a resource now: holder (event id), heldUntilMillis
 * memory#&lt;function&gt;#&lt;subject&gt; what a function remembers between invocations: version, data (JSON), updatedAt
 * incident#&lt;key&gt;             an incident (or storm) with its Slack reference; workShard/workAt while it has work
 * incident-of#&lt;resource&gt;      the incident last opened on a resource
 * outbox#&lt;thread&gt;#&lt;id&gt;       a notice not yet delivered to Slack
 * storm#&lt;minute&gt;              how many incidents opened in a minute (storm detection)
 * </pre>
 * Pending work is found through the sparse index {@code work} (hash {@code workShard}, range {@code workAt}):
 * an item carries those attributes only while it has work, so the index holds just those, never the table.
 */
public final class StateKeys {

    public static final String EVENT = "event#";
    public static final String LOCK = "lock#";
    public static final String LEASE = "lease#";
    public static final String MEMORY = "memory#";
    public static final String INCIDENT = "incident#";
    public static final String INCIDENT_OF = "incident-of#";
    public static final String OUTBOX = "outbox#";
    public static final String STORM = "storm#";

    /** Room for the prefix and the function name within DynamoDB's 2,048-byte key limit, with margin. */
    public static final int MAX_PART_BYTES = 512;

    private StateKeys() {
    }

    public static String event(String function, String eventId) {
        return EVENT + function + "#" + part(eventId);
    }

    public static String lock(String resource) {
        return LOCK + part(resource);
    }

    public static String lease(String resource) {
        return LEASE + part(resource);
    }

    public static String memory(String function, String subject) {
        return MEMORY + function + "#" + part(subject);
    }

    /** The value itself when short enough, otherwise {@code sha256:<hex>} of it. */
    public static String part(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length <= MAX_PART_BYTES) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
