package link.buddyverse.ops.incident.store;

import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.WORK_AT;
import static link.buddyverse.ops.kit.state.StateItem.WORK_INDEX;
import static link.buddyverse.ops.kit.state.StateItem.WORK_SHARD;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.number;
import static link.buddyverse.ops.kit.state.StateItem.s;
import static link.buddyverse.ops.kit.state.StateItem.stringSet;
import static link.buddyverse.ops.kit.state.StateItem.text;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.IncidentStatus;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.state.StateKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Finding work without a scan: an incident or storm with work (notices in the outbox, or open with an
 * auto-resolve time) carries {@code workShard = "due"} and {@code workAt} (0 while it has notices, else its
 * {@code autoResolveAt}), so the schedule finds it through the sparse index {@code work}; without work the two
 * attributes are removed and the item leaves the index. Writes that add notices set them (the stores do, in
 * the same write); writes that may have removed the last notice settle them over the version they saw
 * ({@link #settle}); the sweep settles what it finds with nothing to do, so a stale mark costs one look, never
 * a lost notice.
 */
@Singleton
public class WorkIndex implements CallsAws {

    private final StateTable state;

    public WorkIndex(StateTable state) {
        this.state = state;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:Query", "dynamodb:UpdateItem");
    }

    /**
     * Incidents and storms with notices in the outbox, or due to resolve after a quiet period: a Query of the
     * sparse index {@code work} ({@code workShard = "due" AND workAt <= now}), which holds only items with work,
     * never the whole table. An item found with nothing to do after all (a stale mark) is settled here.
     */
    public List<DueWork> due(Instant now) {
        List<DueWork> work = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = state.dynamoDb.query(b -> {
                b.tableName(state.table).indexName(WORK_INDEX)
                        .keyConditionExpression("#shard = :due AND #at <= :now")
                        .expressionAttributeNames(Map.of("#shard", WORK_SHARD, "#at", WORK_AT))
                        .expressionAttributeValues(Map.of(":due", s(StateTable.DUE), ":now", n(now.getEpochSecond())));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            });
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = text(item.get(KEY));
                if (pk == null || !pk.startsWith(StateKeys.INCIDENT)) {
                    continue;
                }
                String key = pk.substring(StateKeys.INCIDENT.length());
                boolean pending = !stringSet(item.get("pending")).isEmpty();
                boolean due = IncidentStatus.OPEN.name().equals(text(item.get("status"))) && item.containsKey("autoResolveAt")
                        && number(item.get("autoResolveAt")) <= now.getEpochSecond();
                if (pending || due) {
                    work.add(new DueWork(key, StormStore.isStormKey(key), pending, due));
                } else {
                    settle(item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return work;
    }

    /**
     * Where an incident or storm belongs in the index: {@code 0} while it has notices in the outbox, its
     * auto-resolve time while it is open with one, otherwise nowhere (null).
     */
    static Long workAt(boolean hasPending, @Nullable Incident incident) {
        if (hasPending) {
            return 0L;
        }
        if (incident != null && incident.isOpen() && incident.autoResolveAt() != null) {
            return incident.autoResolveAt().getEpochSecond();
        }
        return null;
    }

    /**
     * Brings an item's {@code workShard}/{@code workAt} in line with it once it may have no notices left: only
     * over the version it was seen at and while it still has none, so a commit that added notices meanwhile
     * (and marked the item itself) always wins.
     */
    void settle(@Nullable Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey(KEY) || !stringSet(item.get("pending")).isEmpty()) {
            return;
        }
        boolean open = IncidentStatus.OPEN.name().equals(text(item.get("status")));
        Long workAt = open && item.containsKey("autoResolveAt") ? number(item.get("autoResolveAt")) : null;
        boolean marked = item.containsKey(WORK_SHARD);
        if (workAt == null ? !marked : marked && workAt == number(item.get(WORK_AT))) {
            return;
        }
        Map<String, String> names = new HashMap<>(Map.of("#shard", WORK_SHARD, "#at", WORK_AT, "#pending", "pending",
                "#version", "version"));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (item.containsKey("version")) {
            condition = "attribute_not_exists(#pending) AND #version = :version";
            values.put(":version", item.get("version"));
        } else {
            condition = "attribute_not_exists(#pending) AND attribute_not_exists(#version)";
        }
        String update;
        if (workAt == null) {
            update = "REMOVE #shard, #at";
        } else {
            update = "SET #shard = :due, #at = :at";
            values.put(":due", s(StateTable.DUE));
            values.put(":at", n(workAt));
        }
        try {
            state.dynamoDb.updateItem(u -> u.tableName(state.table).key(Map.of(KEY, item.get(KEY)))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).applyMutation(b -> {
                        if (!values.isEmpty()) {
                            b.expressionAttributeValues(values);
                        }
                    }));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // A commit added notices (and marked the item) or changed it since: its own write placed it.
        }
    }
}
