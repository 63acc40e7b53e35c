package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
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
 * Who is working on a resource right now: {@code lease#<resource>}, held by one event from before it observes the
 * resource until its plan is applied, so no plan is ever made from state another event is changing. Separate from the
 * cooldown ({@link CooldownLocks}), which outlives the change and may be zero: with cooldown 0, two events on one
 * group still take turns. A lease ends when its holder gives it back, or at the holder's invocation deadline
 * ({@code until}), after which that invocation can change nothing.
 */
@Singleton
public class ResourceLeases implements CallsAws {

    /** Who holds a resource's lease, and until when. */
    public record Holder(String eventId, Instant until) {
    }

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public ResourceLeases(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem");
    }

    /** Takes the lease for {@code eventId} (the same event may retake its own); the holder instead when taken. */
    public Optional<Holder> tryAcquire(String resource, String eventId, Instant now, Instant until) {
        try {
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(KEY, s(StateKeys.lease(resource)), "holder", s(eventId), "acquiredAt", s(now.toString()),
                            "heldUntilMillis", n(until.toEpochMilli()),
                            EXPIRES_AT, n(until.getEpochSecond() + 1)))
                    .conditionExpression("attribute_not_exists(#pk) OR heldUntilMillis <= :now OR holder = :me")
                    .expressionAttributeNames(Map.of("#pk", KEY))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":me", s(eventId))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException held) {
            Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(StateKeys.lease(resource)))).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return Optional.of(new Holder("unknown", now));
            }
            return Optional.of(new Holder(item.get("holder").s(),
                    Instant.ofEpochMilli(Long.parseLong(item.get("heldUntilMillis").n()))));
        }
    }

    /** Gives the lease back; only its holder can. */
    public void release(String resource, String eventId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(StateKeys.lease(resource))))
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(eventId))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Taken over after our deadline: the new holder's to release.
        }
    }
}
