package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One lock per resource that doubles as its cooldown: whoever changes a resource holds {@code lock#<resource>}
 * until the cooldown ends, so concurrent invocations (two alarms at the same moment) and quick successors both
 * see the resource as taken. The same event may take its own lock again, so a retry is not blocked by itself.
 */
@Singleton
public class CooldownLocks implements CallsAws {

    /** Who holds a resource and until when. */
    public record Holder(String eventId, Instant until) {
    }

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public CooldownLocks(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    /** Takes the lock; returns the current holder instead when someone else holds it. */
    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem");
    }

    public Optional<Holder> tryAcquire(String resource, String eventId, Duration cooldown, Instant now) {
        long until = now.plus(cooldown).getEpochSecond();
        try {
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(KEY, s(StateKeys.lock(resource)), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            EXPIRES_AT, n(until)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":me", s(eventId))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException held) {
            Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(StateKeys.lock(resource)))).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                // Released between our write and our read: report it as held for this round rather than race again.
                return Optional.of(new Holder("unknown", now));
            }
            return Optional.of(new Holder(item.get("holder").s(),
                    Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()))));
        }
    }

    /** Gives the lock back early, when nothing was changed under it; only its holder can. */
    public void release(String resource, String eventId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(StateKeys.lock(resource))))
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(eventId))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Someone else holds it now; theirs to release.
        }
    }

}
