package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Remembers which events a function has handled, and how far it got, so an event AWS delivers twice (or twice
 * at once, or again after a failure) acts once. See ops-kit/README.md, "At most once", for the argument.
 *
 * <p>Our own conditional writes, because Powertools' idempotency module does not resolve from this project's
 * Maven mirror. A record ({@link StateKeys#event}) is IN_PROGRESS while an invocation works on the event (for
 * at most {@code inProgressSeconds}, so a crashed invocation does not block the retry forever), COMPLETED with
 * the stored result, or FAILED, which a retry may claim again. Before its first change the invocation records
 * its plan on the record, and each action's index once applied: a retry re-applies exactly the recorded
 * actions not yet marked, never a fresh plan made from the state the first attempt already changed.
 */
@Singleton
public class IdempotencyStore implements CallsAws {

    public sealed interface Claim {
        /**
         * This invocation owns the event: go ahead.
         *
         * @param attempt 1 for the first delivery that got this far
         * @param plan    what an earlier attempt recorded, when one got as far as planning
         */
        record Claimed(int attempt, @Nullable RecordedPlan plan) implements Claim {
        }

        /** Already handled; {@code resultJson} is what that invocation returned. */
        record AlreadyDone(String resultJson) implements Claim {
        }

        /** Another invocation is working on it right now. */
        record InProgress(String requestId) implements Claim {
        }
    }

    /**
     * An earlier attempt's plan ({@code json}, as the skeleton encoded it), which of its actions were applied, and which
     * were sent without their answer known ({@code attempted}, the write-ahead marks still standing).
     */
    public record RecordedPlan(String json, Set<Integer> applied, Set<Integer> attempted) {
        public RecordedPlan(String json, Set<Integer> applied) {
            this(json, applied, Set.of());
        }
    }

    private static final String STATUS = "status";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";
    private static final String FAILED = "FAILED";
    private static final String PLAN = "plan";
    private static final String APPLIED = "applied";
    private static final String ATTEMPT = "attempt";
    private static final String ATTEMPTED = "attempted";
    private static final String FENCE = "#status = :inProgress AND requestId = :me";

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public IdempotencyStore(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem");
    }

    /** A claim whose lease is {@code inProgressSeconds} (off Lambda, where no remaining time is known). */
    public Claim claim(String function, String eventId, String requestId, Instant now) {
        return claim(function, eventId, requestId, now, now.plusSeconds(settings.inProgressSeconds()));
    }

    /**
     * Claims the event for {@code owner} (a token unique to this attempt) until {@code leaseUntil}: the end of this
     * invocation, after which it can change nothing, so a retry may take the event over.
     */
    public Claim claim(String function, String eventId, String requestId, Instant now, Instant leaseUntil) {
        String key = StateKeys.event(function, eventId);
        long nowSeconds = now.getEpochSecond();
        long until = Math.max(nowSeconds + 1, leaseUntil.getEpochSecond());
        try {
            // A new event (or one whose record has expired): a fresh record, nothing carried over.
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(KEY, s(key), STATUS, s(IN_PROGRESS), "requestId", s(requestId),
                            "inProgressUntil", n(until), ATTEMPT, n(1), EXPIRES_AT, n(expiry(now))))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now")
                    .expressionAttributeNames(Map.of("#pk", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds))));
            return new Claim.Claimed(1, null);
        } catch (ConditionalCheckFailedException known) {
            // Seen before: take it over only if that attempt failed or outlived its lease, keeping its plan.
        }
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(key)))
                    .updateExpression("SET #status = :inProgress, requestId = :me, inProgressUntil = :until ADD #attempt :one")
                    .conditionExpression("#status = :failed OR (#status = :inProgress AND inProgressUntil <= :now)")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#attempt", ATTEMPT))
                    .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS), ":failed", s(FAILED), ":me", s(requestId),
                            ":until", n(until), ":now", n(nowSeconds), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            AttributeValue plan = item.get(PLAN);
            RecordedPlan recorded = plan == null ? null
                    : new RecordedPlan(plan.s(), applied(item.get(APPLIED)), applied(item.get(ATTEMPTED)));
            return new Claim.Claimed((int) StateItem.number(item.get(ATTEMPT)), recorded);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> existing = dynamoDb.getItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(key))).consistentRead(true)).item();
            if (existing != null && COMPLETED.equals(StateItem.text(existing.get(STATUS)))) {
                return new Claim.AlreadyDone(StateItem.text(existing.get("result")));
            }
            return new Claim.InProgress(existing == null || existing.isEmpty() ? "unknown" : StateItem.text(existing.get("requestId")));
        }
    }

    /**
     * Records the plan before its first change (or a new plan, made again from fresh state, in place of a superseded
     * one, whose marks go with it); only the invocation holding the claim can.
     */
    public void recordPlan(String function, String eventId, String owner, String planJson) {
        fenced(function, eventId, owner, "SET #plan = :plan REMOVE #applied, #attempted",
                Map.of("#plan", PLAN, "#applied", APPLIED, "#attempted", ATTEMPTED), Map.of(":plan", s(planJson)));
    }

    /** The write-ahead mark: action {@code index} is about to be sent; until it is marked applied, its fate is unknown. */
    public void recordAttempted(String function, String eventId, String owner, int index) {
        fenced(function, eventId, owner, "ADD #attempted :index", Map.of("#attempted", ATTEMPTED), Map.of(":index", index(index)));
    }

    /** AWS answered that action {@code index} did not happen: its write-ahead mark goes. */
    public void withdrawAttempted(String function, String eventId, String owner, int index) {
        fenced(function, eventId, owner, "DELETE #attempted :index", Map.of("#attempted", ATTEMPTED), Map.of(":index", index(index)));
    }

    /** Marks one recorded action applied, so no retry applies it again. */
    public void recordApplied(String function, String eventId, String owner, int index) {
        fenced(function, eventId, owner, "ADD #applied :index DELETE #attempted :index",
                Map.of("#applied", APPLIED, "#attempted", ATTEMPTED), Map.of(":index", index(index)));
    }

    public void complete(String function, String eventId, String owner, String resultJson, Instant now) {
        fenced(function, eventId, owner, "SET #status = :done, #result = :result, #exp = :exp",
                Map.of("#result", "result", "#exp", EXPIRES_AT), Map.of(":done", s(COMPLETED), ":result", s(resultJson),
                        ":exp", n(expiry(now))));
    }

    /** Lets a retry of this event claim it again; the recorded plan and its marks stay for that retry. */
    public void fail(String function, String eventId, String owner, String error) {
        fenced(function, eventId, owner, "SET #status = :failed, #error = :error", Map.of("#error", "error"),
                Map.of(":failed", s(FAILED), ":error", s(error == null ? "unknown" : error)));
    }

    /**
     * Every write to an event's record after its claim is conditional on the writer still holding it (IN_PROGRESS, its
     * owner token): an attempt that outlived its lease never overwrites the record of the attempt that took over.
     */
    private void fenced(String function, String eventId, String owner, String update, Map<String, String> names,
                        Map<String, AttributeValue> values) {
        Map<String, String> allNames = new java.util.HashMap<>(names);
        allNames.put("#status", STATUS);
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        allValues.put(":inProgress", s(IN_PROGRESS));
        allValues.put(":me", s(owner));
        try {
            dynamoDb.updateItem(b -> b.tableName(settings.stateTable())
                    .key(Map.of(KEY, s(StateKeys.event(function, eventId))))
                    .updateExpression(update)
                    .conditionExpression(FENCE)
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
        } catch (ConditionalCheckFailedException notOurs) {
            throw new ClaimLost("event " + eventId + " is no longer held by " + owner
                    + " (its lease ran out and another attempt took it over, or it was finished): this attempt writes nothing more", notOurs);
        }
    }

    private static AttributeValue index(int index) {
        return AttributeValue.builder().ns(Integer.toString(index)).build();
    }

    private long expiry(Instant now) {
        return now.getEpochSecond() + Duration.ofHours(settings.idempotencyHours()).toSeconds();
    }

    private static Set<Integer> applied(AttributeValue value) {
        Set<Integer> indices = new TreeSet<>();
        if (value != null && value.hasNs()) {
            value.ns().forEach(index -> indices.add(Integer.parseInt(index)));
        }
        return indices;
    }
}
