package link.buddyverse.ops.kit.tell;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.state.StateKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Which resources are in a critical episode: a run of plans that carry a {@code critical:} warning (the group at its
 * hard ceiling, reads on the primary). A plan that acts tells its warning with its outcomes; a plan that can do
 * nothing has no outcome to carry it, so the kit tells it on its own, but only when the episode begins: the 5-minute
 * re-checks repeat the warning on every tick, and one incident per tick would bury the one that matters.
 *
 * <p>One item per function and resource ({@code lock#critical:<function>:<resource>}, under the lock prefix every
 * function may already write), put unconditionally on every critical plan with {@code ALL_OLD}: one write both
 * extends the episode and says whether one was running. The episode ends {@link #QUIET_END} after the last plan
 * that carried the warning; no write is made for plans without one (every other event would pay for it).
 */
@Singleton
public class CriticalEpisodes implements CallsAws {

    /** Six missed re-checks (every 5 minutes): the condition has cleared, the next one is a new episode. */
    public static final Duration QUIET_END = Duration.ofMinutes(30);

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public CriticalEpisodes(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:PutItem");
    }

    /**
     * Notes a critical plan of {@code function} on {@code resource} by {@code eventId}; true when this begins an
     * episode (none was running), or when the same event is retried (its first attempt may not have told it).
     */
    public boolean begins(String function, String resource, String eventId, Instant now) {
        Map<String, AttributeValue> was = dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                .item(Map.of(KEY, s(StateKeys.lock("critical:" + function + ":" + resource)), "holder", s(eventId),
                        "lastSeenAt", s(now.toString()), EXPIRES_AT, n(now.plus(QUIET_END).getEpochSecond())))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        if (was == null || was.isEmpty()) {
            return true;
        }
        AttributeValue until = was.get(EXPIRES_AT);
        // DynamoDB's TTL deletes late (up to days): an item past its expiry is an episode that ended.
        boolean ended = until == null || Long.parseLong(until.n()) <= now.getEpochSecond();
        AttributeValue holder = was.get("holder");
        return ended || (holder != null && eventId.equals(holder.s()));
    }
}
