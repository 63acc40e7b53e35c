package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import link.buddyverse.ops.kit.OpsSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Remembers which events a function has handled, so an event AWS delivers twice (or twice at once) acts once.
 *
 * <p>Our own conditional writes, because Powertools' idempotency module does not resolve from this project's
 * Maven mirror. A record is IN_PROGRESS while an invocation works on the event (for at most
 * {@code inProgressSeconds}, so a crashed invocation does not block the retry forever), COMPLETED with the
 * stored result, or FAILED, which a retry may claim again. Keys include the function name: the same
 * EventBridge event reaches several functions, and each must handle it once.
 */
@Singleton
public class IdempotencyStore {

    public sealed interface Claim {
        /** This invocation owns the event: go ahead. */
        record Claimed() implements Claim {
        }

        /** Already handled; {@code resultJson} is what that invocation returned. */
        record AlreadyDone(String resultJson) implements Claim {
        }

        /** Another invocation is working on it right now. */
        record InProgress(String requestId) implements Claim {
        }
    }

    private static final String STATUS = "status";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";
    private static final String FAILED = "FAILED";

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public IdempotencyStore(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    public Claim claim(String function, String eventId, String requestId, Instant now) {
        long nowSeconds = now.getEpochSecond();
        try {
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(
                            KEY, s(key(function, eventId)),
                            STATUS, s(IN_PROGRESS),
                            "requestId", s(requestId),
                            "inProgressUntil", n(nowSeconds + settings.inProgressSeconds()),
                            EXPIRES_AT, n(nowSeconds + Duration.ofHours(settings.idempotencyHours()).toSeconds())))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR #status = :failed"
                            + " OR (#status = :inProgress AND inProgressUntil <= :now)")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT, "#status", STATUS))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds), ":failed", s(FAILED),
                            ":inProgress", s(IN_PROGRESS))));
            return new Claim.Claimed();
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> existing = dynamoDb.getItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(key(function, eventId)))).consistentRead(true)).item();
            if (existing != null && COMPLETED.equals(value(existing, STATUS))) {
                return new Claim.AlreadyDone(value(existing, "result"));
            }
            return new Claim.InProgress(existing == null ? "unknown" : value(existing, "requestId"));
        }
    }

    public void complete(String function, String eventId, String resultJson, Instant now) {
        dynamoDb.updateItem(b -> b.tableName(settings.stateTable())
                .key(Map.of(KEY, s(key(function, eventId))))
                .updateExpression("SET #status = :done, #result = :result, #exp = :exp")
                .expressionAttributeNames(Map.of("#status", STATUS, "#result", "result", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":done", s(COMPLETED), ":result", s(resultJson),
                        ":exp", n(now.getEpochSecond() + Duration.ofHours(settings.idempotencyHours()).toSeconds()))));
    }

    /** Lets a retry of this event act again (its actions failed, or the invocation threw). */
    public void fail(String function, String eventId, String error) {
        dynamoDb.updateItem(b -> b.tableName(settings.stateTable())
                .key(Map.of(KEY, s(key(function, eventId))))
                .updateExpression("SET #status = :failed, #error = :error")
                .expressionAttributeNames(Map.of("#status", STATUS, "#error", "error"))
                .expressionAttributeValues(Map.of(":failed", s(FAILED), ":error", s(error == null ? "unknown" : error))));
    }

    static String key(String function, String eventId) {
        return "event#" + function + "#" + eventId;
    }

    private static String value(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
