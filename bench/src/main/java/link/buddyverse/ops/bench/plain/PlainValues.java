package link.buddyverse.ops.bench.plain;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The few helpers every plain twin needs (DynamoDB attributes, the event claim, JSON string escaping, the
 * environment), kept here once; each plain jar carries this class beside its handler.
 */
final class PlainValues {

    private PlainValues() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** The inside of a JSON string: quotes, backslashes and newlines escaped. */
    static String json(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Claims the event as ops-kit's idempotency store does, with the same single PutItem (so the twin's calls match
     * the function's): false when another delivery holds it.
     */
    static boolean claim(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, long nowSeconds) {
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s(claimKey), "status", s("IN_PROGRESS"), "requestId", s(requestId),
                            "attempt", n(1), "inProgressUntil", n(nowSeconds + 60),
                            "expiresAt", n(nowSeconds + Duration.ofHours(24).toSeconds())))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now")
                    .expressionAttributeNames(Map.of("#pk", "pk", "#exp", "expiresAt"))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }
}
