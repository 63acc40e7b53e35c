package link.buddyverse.ops.incident.store;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.WORK_AT;
import static link.buddyverse.ops.kit.state.StateItem.WORK_SHARD;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.number;
import static link.buddyverse.ops.kit.state.StateItem.s;
import static link.buddyverse.ops.kit.state.StateItem.ss;
import static link.buddyverse.ops.kit.state.StateItem.stringSet;
import static link.buddyverse.ops.kit.state.StateItem.text;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Incidents: {@code incident#<key>} holds the incident ({@code doc}, JSON), a {@code version} every change of
 * state checks and bumps, {@code pending} (ids of its notices still in the outbox, {@link OutboxStore}) and
 * its Slack message ({@code slackChannel}, {@code slackTs}); {@code incident-of#<resource>} points at the
 * incident last opened on a resource, for actions taken on a schedule tick (no alarm in their trigger).
 *
 * <p>Every write is a single-item conditional write, ordered so that a crash or a lost race between two of
 * them leaves nothing visible half done: a transition first writes its notices (ids unique to the event, so
 * racing writers never collide) and its storm's commutative updates, then the incident itself, only over the
 * version it was read at; until that last write succeeds nothing refers to the notices (a loser deletes
 * them; a crash leaves them to expire). Why not TransactWriteItems: DynamoDB cancels concurrent transactions
 * that touch the same item (a storm's, forty members joining at once) instead of serialising them as it does
 * single-item writes, and a transaction costs twice the write units.
 */
@Singleton
public class IncidentStore implements CallsAws {

    private final StateTable state;
    private final OutboxStore outbox;
    private final StormStore storms;

    public IncidentStore(StateTable state, OutboxStore outbox, StormStore storms) {
        this.state = state;
        this.outbox = outbox;
        this.storms = storms;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
    }

    public Optional<IncidentRecord> read(String key) {
        Map<String, AttributeValue> item = state.get(StateTable.incidentKey(key));
        if (item == null || !item.containsKey("doc")) {
            return Optional.empty();
        }
        return Optional.of(new IncidentRecord(state.fromJson(item.get("doc").s()), number(item.get("version")),
                new TreeSet<>(stringSet(item.get("pending"))), text(item.get("slackChannel")), text(item.get("slackTs"))));
    }

    /** The incidents (not storms) of the given keys that exist, by key. */
    public Map<String, Incident> readIncidents(Collection<String> keys) {
        Map<String, Incident> found = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int start = 0; start < all.size(); start += StateTable.BATCH_GET) {
            List<Map<String, AttributeValue>> batch = all.subList(start, Math.min(all.size(), start + StateTable.BATCH_GET))
                    .stream().map(key -> Map.of(KEY, s(StateTable.incidentKey(key)))).toList();
            for (Map<String, AttributeValue> item : state.batchGet(batch)) {
                if (item.containsKey("doc")) {
                    Incident incident = state.fromJson(item.get("doc").s());
                    found.put(incident.key(), incident);
                }
            }
        }
        return found;
    }

    /**
     * Writes a transition: its notices, its storm's changes and its resource pointer, then the incident itself,
     * only over the version it was read at. Returns false when another writer got there first: read again and
     * re-decide (the notices written for this attempt are removed; the storm's changes are idempotent).
     */
    public boolean commit(Commit commit) {
        IncidentRecord previous = commit.previous();
        Incident next = commit.next();
        Instant now = commit.now();
        commit.notices().forEach(notice -> outbox.put(notice, now));
        if (commit.storm() != null) {
            storms.apply(commit.storm(), next.key(), now);
        }
        if (commit.pointerResource() != null) {
            state.dynamoDb.putItem(b -> b.tableName(state.table).item(Map.of(
                    KEY, s(StateTable.pointerKey(commit.pointerResource())), "incident", s(next.key()), "at", s(now.toString()),
                    EXPIRES_AT, n(now.plus(state.retention()).getEpochSecond()))));
        }

        try {
            if (previous == null) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put(KEY, s(StateTable.incidentKey(next.key())));
                item.put("doc", s(state.toJson(next)));
                item.put("version", n(1));
                item.put("status", s(next.status().name()));
                if (!commit.notices().isEmpty()) {
                    item.put("pending", ss(commit.notices().stream().map(OutboxNotice::id).toList()));
                }
                if (next.autoResolveAt() != null && next.isOpen()) {
                    item.put("autoResolveAt", n(next.autoResolveAt().getEpochSecond()));
                }
                Long workAt = WorkIndex.workAt(!commit.notices().isEmpty(), next);
                if (workAt != null) {
                    item.put(WORK_SHARD, s(StateTable.DUE));
                    item.put(WORK_AT, n(workAt));
                }
                state.dynamoDb.putItem(p -> p.tableName(state.table).item(item)
                        .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", KEY)));
            } else {
                update(previous, next, commit.notices());
            }
            return true;
        } catch (ConditionalCheckFailedException conflict) {
            // Another event changed the incident since it was read: these notices are nobody's.
            outbox.discard(commit.notices());
            return false;
        }
    }

    /**
     * The incident's state, over the version it was read at. Delivery's side of the item (the pending set,
     * where the message is) is not rewritten: notices are added to the set, and delivery's removals and the
     * message reference it records in between are kept, so a delivery never makes an event retry.
     */
    private void update(IncidentRecord previous, Incident next, List<OutboxNotice> notices) {
        Map<String, String> names = new HashMap<>(Map.of("#doc", "doc", "#status", "status", "#version", "version"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":doc", s(state.toJson(next)));
        values.put(":status", s(next.status().name()));
        values.put(":one", n(1));
        values.put(":version", n(previous.version()));
        List<String> set = new ArrayList<>(List.of("#doc = :doc", "#status = :status"));
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>(List.of("#version :one"));
        names.put("#resolveAt", "autoResolveAt");
        if (next.autoResolveAt() != null && next.isOpen()) {
            set.add("#resolveAt = :resolveAt");
            values.put(":resolveAt", n(next.autoResolveAt().getEpochSecond()));
        } else {
            remove.add("#resolveAt");
        }
        names.put("#exp", EXPIRES_AT);
        if (!next.isOpen() && next.resolvedAt() != null) {
            set.add("#exp = :exp");
            values.put(":exp", n(next.resolvedAt().plus(state.retention()).getEpochSecond()));
        } else {
            remove.add("#exp");
        }
        if (!previous.incident().episode().equals(next.episode())) {
            // A new episode of the same key gets a message of its own; a reopen keeps threading under the old one.
            names.put("#channel", "slackChannel");
            names.put("#ts", "slackTs");
            remove.add("#channel");
            remove.add("#ts");
        }
        if (!notices.isEmpty()) {
            names.put("#pending", "pending");
            add.add("#pending :pending");
            values.put(":pending", ss(notices.stream().map(OutboxNotice::id).toList()));
        }
        // Only a version-checked commit adds notices, so the pending set is now at most what was read plus these
        // (delivery may have removed some since: then the mark is stale, and the sweep settles it).
        Long workAt = WorkIndex.workAt(!notices.isEmpty() || !previous.pending().isEmpty(), next);
        names.put("#workShard", WORK_SHARD);
        names.put("#workAt", WORK_AT);
        if (workAt != null) {
            set.add("#workShard = :due");
            set.add("#workAt = :workAt");
            values.put(":due", s(StateTable.DUE));
            values.put(":workAt", n(workAt));
        } else {
            remove.add("#workShard");
            remove.add("#workAt");
        }
        String expression = "SET " + String.join(", ", set)
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove))
                + " ADD " + String.join(", ", add);
        state.dynamoDb.updateItem(u -> u.tableName(state.table).key(Map.of(KEY, s(StateTable.incidentKey(next.key()))))
                .updateExpression(expression).conditionExpression("#version = :version")
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** The incident last opened on a resource (the pointer may be stale: check the incident itself). */
    public Optional<String> incidentOn(String resource) {
        Map<String, AttributeValue> item = state.get(StateTable.pointerKey(resource));
        return item == null || !item.containsKey("incident") ? Optional.empty() : Optional.of(item.get("incident").s());
    }
}
