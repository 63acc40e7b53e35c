package link.buddyverse.ops.bench.plain;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The few helpers every plain twin needs (DynamoDB attributes, the event claim and its fenced updates, the resource
 * lease, JSON string escaping, the environment), kept here once; each plain jar carries this class beside its handler.
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

    /**
     * Takes {@code lease#<resource>} until the invocation's deadline, as ops-kit does before it observes the resource
     * (one PutItem): false when another event holds it.
     */
    static boolean takeLease(DynamoDbClient dynamoDb, String table, String resource, String eventId, Context context) {
        Instant now = Instant.now();
        Instant until = now.plusMillis(Math.max(0, context.getRemainingTimeInMillis()));
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s("lease#" + resource), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            "heldUntilMillis", n(until.toEpochMilli()), "expiresAt", n(until.getEpochSecond() + 1)))
                    .conditionExpression("attribute_not_exists(#pk) OR heldUntilMillis <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", "pk"))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":me", s(eventId))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /** Gives the lease back (one DeleteItem, only its holder's). */
    static void releaseLease(DynamoDbClient dynamoDb, String table, String resource, String eventId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("lease#" + resource)))
                    .conditionExpression("holder = :me").expressionAttributeValues(Map.of(":me", s(eventId))));
        } catch (ConditionalCheckFailedException notOurs) {
            // taken over after our deadline
        }
    }

    /**
     * One update of the claim, fenced as ops-kit fences it: only while this invocation still holds the claim
     * (a later delivery that took it over makes this one fail).
     */
    static void updateClaim(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, String expression,
            Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#status", "status");
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":inProgress", s("IN_PROGRESS"));
        allValues.put(":me", s(requestId));
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(claimKey)))
                .updateExpression(expression)
                .conditionExpression("#status = :inProgress AND requestId = :me")
                .expressionAttributeNames(allNames).expressionAttributeValues(allValues));
    }

    /** Records the plan on the claim (a plan made again forgets what an earlier one applied). */
    static void recordPlan(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, String plan) {
        updateClaim(dynamoDb, table, claimKey, requestId, "SET #plan = :plan REMOVE #applied, #attempted",
                Map.of("#plan", "plan", "#applied", "applied", "#attempted", "attempted"), Map.of(":plan", s(plan)));
    }

    /** Action {@code index} is about to be applied. */
    static void markAttempted(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, int index) {
        updateClaim(dynamoDb, table, claimKey, requestId, "ADD #attempted :index", Map.of("#attempted", "attempted"),
                Map.of(":index", AttributeValue.builder().ns(Integer.toString(index)).build()));
    }

    /** Action {@code index} was applied. */
    static void markApplied(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, int index) {
        updateClaim(dynamoDb, table, claimKey, requestId, "ADD #applied :index DELETE #attempted :index",
                Map.of("#applied", "applied", "#attempted", "attempted"),
                Map.of(":index", AttributeValue.builder().ns(Integer.toString(index)).build()));
    }

    /** Completes the claim with the invocation's result, kept a day. */
    static void complete(DynamoDbClient dynamoDb, String table, String claimKey, String requestId, String resultJson) {
        updateClaim(dynamoDb, table, claimKey, requestId, "SET #status = :done, #result = :result, #exp = :exp",
                Map.of("#result", "result", "#exp", "expiresAt"),
                Map.of(":done", s("COMPLETED"), ":result", s(resultJson),
                        ":exp", n(Instant.now().getEpochSecond() + Duration.ofHours(24).toSeconds())));
    }
}
