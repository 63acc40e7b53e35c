package link.buddyverse.ops.kit.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute names and value helpers for the OpsState table: one partition key {@code pk} whose prefix says
 * what the item is ({@code event#}, {@code lock#}, ...), and {@code expiresAt} (epoch seconds), the table's
 * TTL attribute. DynamoDB deletes expired items lazily (within days), so every condition also compares
 * {@code expiresAt} with the clock instead of trusting that expired items are gone.
 */
final class StateItem {

    static final String KEY = "pk";
    static final String EXPIRES_AT = "expiresAt";

    private StateItem() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
