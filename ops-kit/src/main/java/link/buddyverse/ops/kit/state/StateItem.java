package link.buddyverse.ops.kit.state;

import java.util.Collection;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute names and value helpers for the OpsState table: one partition key {@code pk} whose prefix says
 * what the item is ({@link StateKeys}), and {@code expiresAt} (epoch seconds), the table's TTL attribute.
 * DynamoDB deletes expired items lazily (within days), so every condition also compares {@code expiresAt}
 * with the clock instead of trusting that expired items are gone.
 */
public final class StateItem {

    public static final String KEY = "pk";
    public static final String EXPIRES_AT = "expiresAt";
    /** Sparse index {@code work}: only items with pending work carry these two attributes (see {@link StateKeys}). */
    public static final String WORK_SHARD = "workShard";
    public static final String WORK_AT = "workAt";
    public static final String WORK_INDEX = "work";

    private StateItem() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    public static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    public static AttributeValue ss(Collection<String> values) {
        return AttributeValue.builder().ss(values).build();
    }

    public static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    public static long number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    public static boolean flag(AttributeValue value) {
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static Set<String> stringSet(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }
}
