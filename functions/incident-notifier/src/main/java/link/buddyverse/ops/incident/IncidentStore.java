package link.buddyverse.ops.incident;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.WORK_AT;
import static link.buddyverse.ops.kit.state.StateItem.WORK_INDEX;
import static link.buddyverse.ops.kit.state.StateItem.WORK_SHARD;
import static link.buddyverse.ops.kit.state.StateItem.flag;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.number;
import static link.buddyverse.ops.kit.state.StateItem.s;
import static link.buddyverse.ops.kit.state.StateItem.ss;
import static link.buddyverse.ops.kit.state.StateItem.stringSet;
import static link.buddyverse.ops.kit.state.StateItem.text;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.state.StateKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The notifier's items in the OpsState table.
 *
 * <ul>
 *   <li>{@code incident#<key>}: the incident ({@code doc}, JSON), a {@code version} every change of state checks and bumps,
 *       {@code pending} (ids of its notices still in the outbox), and its Slack message ({@code slackChannel},
 *       {@code slackTs}); storms ({@code incident#storm:<minute>}) keep members and counters instead of a doc.</li>
 *   <li>{@code outbox#<thread>#<id>}: one notice not yet accepted by Slack.</li>
 *   <li>{@code incident-of#<resource>}: the incident last opened on a resource, for actions taken on a schedule
 *       tick (no alarm in their trigger).</li>
 *   <li>{@code storm#<minute>}: the keys of the incidents that opened in that minute, to count them.</li>
 * </ul>
 * <p>An incident or storm with work (notices in the outbox, or open with an auto-resolve time) carries
 * {@code workShard = "due"} and {@code workAt} (0 while it has notices, else its {@code autoResolveAt}), so the
 * schedule finds it through the sparse index {@code work} instead of scanning the table; without work the two
 * attributes are removed and the item leaves the index. Writes that add notices set them; writes that may have
 * removed the last notice settle them over the version they saw ({@link #settleWork}); the sweep settles what it
 * finds with nothing to do, so a stale mark costs one look, never a lost notice.
 * <p>Every write is a single-item conditional write, ordered so that a crash or a lost race between two of
 * them leaves nothing visible half done: a transition first writes its notices (ids unique to the event, so
 * racing writers never collide) and its storm's commutative updates, then the incident itself, only over the
 * version it was read at; until that last write succeeds nothing refers to the notices (a loser deletes
 * them; a crash leaves them to expire). Delivery removes a notice from its thread's {@code pending} set before
 * deleting it. Why not TransactWriteItems: DynamoDB cancels concurrent transactions that touch the same item
 * (a storm's, forty members joining at once) instead of serialising them as it does single-item writes, and
 * a transaction costs twice the write units.
 */
@Singleton
public class IncidentStore implements CallsAws {

    /** The one value of {@code workShard}: the index is small (only items with work), so one partition holds it. */
    static final String DUE = "due";
    private static final int BATCH_GET = 100;

    /** The writes of one lifecycle transition. */
    public record Commit(@Nullable IncidentRecord previous, Incident next, List<OutboxNotice> notices,
                         @Nullable StormEffect storm, @Nullable String pointerResource, Instant now) {
    }

    /**
     * What a storm member's transition does to its storm: join it, ask for the roll-up to be refreshed, add
     * thread replies to it.
     */
    public record StormEffect(String stormKey, String window, Instant windowEnd, boolean join, boolean refresh,
                              List<OutboxNotice> replies) {
    }

    /** An incident or storm the sweep has work for. */
    public record Work(String key, boolean storm, boolean hasPending, boolean dueToResolve) {
    }

    private final DynamoDbClient dynamoDb;
    private final JsonMapper jsonMapper;
    private final String table;
    private final NotifierSettings settings;

    public IncidentStore(DynamoDbClient dynamoDb, JsonMapper jsonMapper, OpsSettings opsSettings, NotifierSettings settings) {
        this.dynamoDb = dynamoDb;
        this.jsonMapper = jsonMapper;
        this.table = opsSettings.stateTable();
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query");
    }

    static String incidentKey(String key) {
        return StateKeys.INCIDENT + key;
    }

    static String outboxKey(String thread, String id) {
        return StateKeys.OUTBOX + thread + "#" + id;
    }

    static String pointerKey(String resource) {
        return StateKeys.INCIDENT_OF + resource;
    }

    static String stormCountKey(String window) {
        return StateKeys.STORM + window;
    }

    public static boolean isStormKey(String key) {
        return key.startsWith("storm:");
    }

    // ---- incidents -------------------------------------------------------------------------------------

    public Optional<IncidentRecord> read(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(incidentKey(key)))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("doc")) {
            return Optional.empty();
        }
        return Optional.of(incidentRecord(item));
    }

    /** The incidents (not storms) of the given keys that exist, by key. */
    public Map<String, Incident> readIncidents(Collection<String> keys) {
        Map<String, Incident> found = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int start = 0; start < all.size(); start += BATCH_GET) {
            List<Map<String, AttributeValue>> batch = all.subList(start, Math.min(all.size(), start + BATCH_GET)).stream()
                    .map(key -> Map.of(KEY, s(incidentKey(key)))).toList();
            for (Map<String, AttributeValue> item : batchGet(batch)) {
                if (item.containsKey("doc")) {
                    Incident incident = fromJson(item.get("doc").s());
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
        commit.notices().forEach(notice -> dynamoDb.putItem(b -> b.tableName(table).item(outboxItem(notice, now))));
        StormEffect storm = commit.storm();
        if (storm != null) {
            if (storm.refresh()) {
                dynamoDb.putItem(b -> b.tableName(table).item(outboxItem(new OutboxNotice(storm.stormKey(), StormRecord.MESSAGE,
                        Notice.Kind.MESSAGE, Notice.Phase.UPDATED, null, null, null, next.key(), now, 0, null, null), now)));
            }
            storm.replies().forEach(reply -> dynamoDb.putItem(b -> b.tableName(table).item(outboxItem(reply, now))));
            stormUpdate(storm, next.key(), now);
        }
        if (commit.pointerResource() != null) {
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                    KEY, s(pointerKey(commit.pointerResource())), "incident", s(next.key()), "at", s(now.toString()),
                    EXPIRES_AT, n(now.plus(settings.retention()).getEpochSecond()))));
        }

        try {
            if (previous == null) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put(KEY, s(incidentKey(next.key())));
                item.put("doc", s(toJson(next)));
                item.put("version", n(1));
                item.put("status", s(next.status().name()));
                if (!commit.notices().isEmpty()) {
                    item.put("pending", ss(commit.notices().stream().map(OutboxNotice::id).toList()));
                }
                if (next.autoResolveAt() != null && next.isOpen()) {
                    item.put("autoResolveAt", n(next.autoResolveAt().getEpochSecond()));
                }
                Long workAt = workAt(!commit.notices().isEmpty(), next);
                if (workAt != null) {
                    item.put(WORK_SHARD, s(DUE));
                    item.put(WORK_AT, n(workAt));
                }
                dynamoDb.putItem(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", KEY)));
            } else {
                update(previous, next, commit.notices());
            }
            return true;
        } catch (ConditionalCheckFailedException conflict) {
            // Another event changed the incident since it was read: these notices are nobody's.
            commit.notices().forEach(notice -> dynamoDb.deleteItem(b -> b.tableName(table)
                    .key(Map.of(KEY, s(notice.pk())))));
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
        values.put(":doc", s(toJson(next)));
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
            values.put(":exp", n(next.resolvedAt().plus(settings.retention()).getEpochSecond()));
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
        Long workAt = workAt(!notices.isEmpty() || !previous.pending().isEmpty(), next);
        names.put("#workShard", WORK_SHARD);
        names.put("#workAt", WORK_AT);
        if (workAt != null) {
            set.add("#workShard = :due");
            set.add("#workAt = :workAt");
            values.put(":due", s(DUE));
            values.put(":workAt", n(workAt));
        } else {
            remove.add("#workShard");
            remove.add("#workAt");
        }
        String expression = "SET " + String.join(", ", set)
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove))
                + " ADD " + String.join(", ", add);
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(next.key()))))
                .updateExpression(expression).conditionExpression("#version = :version")
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** The incident last opened on a resource (the pointer may be stale: check the incident itself). */
    public Optional<String> incidentOn(String resource) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(pointerKey(resource)))).consistentRead(true)).item();
        return item == null || !item.containsKey("incident") ? Optional.empty() : Optional.of(item.get("incident").s());
    }

    // ---- storms ----------------------------------------------------------------------------------------

    /** Counts an incident opening in a minute; returns how many distinct incidents opened in it so far. */
    public int countOpening(String window, String incidentKey, Instant now) {
        Map<String, AttributeValue> after = dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(stormCountKey(window))))
                .updateExpression("ADD #members :key SET #exp = :exp")
                .expressionAttributeNames(Map.of("#members", "members", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":key", ss(List.of(incidentKey)),
                        ":exp", n(now.plusSeconds(86_400).getEpochSecond())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return after.get("members").ss().size();
    }

    public Optional<StormRecord> readStorm(String stormKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(incidentKey(stormKey)))).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("window")) {
            return Optional.empty();
        }
        return Optional.of(new StormRecord(stormKey, item.get("window").s(), Instant.parse(item.get("openedAt").s()),
                stringSet(item.get("members")), new TreeSet<>(stringSet(item.get("pending"))),
                number(item.get("refreshVersion")), text(item.get("slackChannel")), text(item.get("slackTs")),
                flag(item.get("openPosted")), flag(item.get("resolvedPosted")),
                Instant.ofEpochSecond(number(item.get("postAfter")))));
    }

    private void stormUpdate(StormEffect storm, String member, Instant now) {
        StringBuilder add = new StringBuilder("ADD #version :one");
        Map<String, String> names = new HashMap<>(Map.of("#version", "version", "#kind", "kind", "#window", "window",
                "#openedAt", "openedAt", "#postAfter", "postAfter", "#exp", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", n(1));
        values.put(":window", s(storm.window()));
        values.put(":now", s(now.toString()));
        values.put(":postAfter", n(storm.windowEnd().getEpochSecond()));
        values.put(":kind", s(IncidentKind.STORM.name()));
        values.put(":exp", n(storm.windowEnd().plus(settings.retention()).getEpochSecond()));
        if (storm.join()) {
            add.append(", #members :member");
            names.put("#members", "members");
            values.put(":member", ss(List.of(member)));
        }
        List<String> pendingIds = new ArrayList<>();
        if (storm.refresh()) {
            add.append(", #refresh :one");
            names.put("#refresh", "refreshVersion");
            pendingIds.add(StormRecord.MESSAGE);
        }
        storm.replies().forEach(reply -> pendingIds.add(reply.id()));
        String work = "";
        if (!pendingIds.isEmpty()) {
            add.append(", #pending :pending");
            names.put("#pending", "pending");
            values.put(":pending", ss(pendingIds));
            work = ", #workShard = :due, #workAt = :zero";
            names.put("#workShard", WORK_SHARD);
            names.put("#workAt", WORK_AT);
            values.put(":due", s(DUE));
            values.put(":zero", n(0));
        }
        String expression = "SET #kind = :kind, #window = :window, #openedAt = if_not_exists(#openedAt, :now),"
                + " #postAfter = if_not_exists(#postAfter, :postAfter), #exp = :exp" + work + " " + add;
        dynamoDb.updateItem(u -> u.tableName(table)
                .key(Map.of(KEY, s(incidentKey(storm.stormKey()))))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    /**
     * Records that the roll-up showed {@code renderedVersion}: its message notice leaves the outbox unless a
     * member changed since (then it stays, and the next round shows the change).
     */
    public void stormShown(StormRecord storm, long renderedVersion, @Nullable SlackRef posted, boolean openPosted,
                           boolean resolvedPosted) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":one", n(1));
        values.put(":open", AttributeValue.builder().bool(openPosted).build());
        values.put(":resolved", AttributeValue.builder().bool(resolvedPosted).build());
        names.put("#version", "version");
        names.put("#openPosted", "openPosted");
        names.put("#resolvedPosted", "resolvedPosted");
        StringBuilder set = new StringBuilder("SET #openPosted = :open, #resolvedPosted = :resolved");
        if (posted != null) {
            set.append(", #channel = :channel, #ts = :ts");
            names.put("#channel", "slackChannel");
            names.put("#ts", "slackTs");
            values.put(":channel", s(posted.channel()));
            values.put(":ts", s(posted.ts()));
        }
        Map<String, String> namesWithRemoval = new HashMap<>(names);
        namesWithRemoval.put("#pending", "pending");
        namesWithRemoval.put("#refresh", "refreshVersion");
        Map<String, AttributeValue> valuesWithRemoval = new HashMap<>(values);
        valuesWithRemoval.put(":message", ss(List.of(StormRecord.MESSAGE)));
        valuesWithRemoval.put(":rendered", n(renderedVersion));
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one DELETE #pending :message")
                    .conditionExpression("#refresh = :rendered")
                    .expressionAttributeNames(namesWithRemoval).expressionAttributeValues(valuesWithRemoval));
            dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of(KEY, s(outboxKey(storm.key(), StormRecord.MESSAGE)))));
        } catch (ConditionalCheckFailedException changedSince) {
            // A member changed after the roll-up was rendered: keep the message notice for the next round.
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        }
    }

    // ---- outbox ----------------------------------------------------------------------------------------

    /** The given notices of a thread, in id order; ids whose notice is gone are left out. */
    public List<OutboxNotice> notices(String thread, Collection<String> ids) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        Map<String, OutboxNotice> byId = new HashMap<>();
        for (int start = 0; start < sorted.size(); start += BATCH_GET) {
            List<Map<String, AttributeValue>> keys = sorted.subList(start, Math.min(sorted.size(), start + BATCH_GET)).stream()
                    .map(id -> Map.of(KEY, s(outboxKey(thread, id)))).toList();
            for (Map<String, AttributeValue> item : batchGet(keys)) {
                OutboxNotice notice = outboxNotice(item);
                byId.put(notice.id(), notice);
            }
        }
        return sorted.stream().filter(byId::containsKey).map(byId::get).toList();
    }

    /**
     * Slack accepted these notices of a thread (or they needed no call): they leave the outbox and the
     * thread's pending set together; {@code posted} records where the thread's message now is.
     */
    public void delivered(String thread, Collection<String> ids, @Nullable SlackRef posted) {
        List<String> all = new ArrayList<>(ids);
        if (all.isEmpty() && posted == null) {
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder expression = new StringBuilder();
        if (posted != null) {
            expression.append("SET #channel = :channel, #ts = :ts ");
            names.put("#channel", "slackChannel");
            names.put("#ts", "slackTs");
            values.put(":channel", s(posted.channel()));
            values.put(":ts", s(posted.ts()));
        }
        if (!all.isEmpty()) {
            expression.append("DELETE #pending :ids");
            names.put("#pending", "pending");
            values.put(":ids", ss(all));
        }
        // Out of the pending set first: from then on no delivery looks for these notices. The version is left
        // alone: the incident's state did not change, so no event needs to re-decide.
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(thread))))
                .updateExpression(expression.toString().trim()).expressionAttributeNames(names).expressionAttributeValues(values));
        all.forEach(id -> dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of(KEY, s(outboxKey(thread, id))))));
    }

    /** Slack did not take the notice: it stays, with the attempt counted and why. */
    public void attemptFailed(String thread, String id, String error, @Nullable Instant notBefore) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", n(1));
        values.put(":error", s(error));
        String expression = "SET #error = :error ADD #attempts :one";
        if (notBefore != null) {
            expression = "SET #error = :error, #notBefore = :notBefore ADD #attempts :one";
            values.put(":notBefore", n(notBefore.toEpochMilli()));
        }
        String update = expression;
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(outboxKey(thread, id))))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(notBefore == null
                            ? Map.of("#error", "lastError", "#attempts", "attempts", "#pk", KEY)
                            : Map.of("#error", "lastError", "#attempts", "attempts", "#notBefore", "notBefore", "#pk", KEY))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException deliveredMeanwhile) {
            // Another invocation delivered it after all.
        }
    }

    /** How many notices of a thread are still in the outbox. */
    public int pendingCount(String thread) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(incidentKey(thread)))).consistentRead(true)
                .projectionExpression("#pending").expressionAttributeNames(Map.of("#pending", "pending"))).item();
        return item == null ? 0 : stringSet(item.get("pending")).size();
    }

    /** Incidents and storms with notices in the outbox, or due to resolve after a quiet period. */
    public List<Work> work(Instant now) {
        List<Work> work = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> {
                b.tableName(table)
                        .filterExpression("begins_with(#pk, :incident) AND (attribute_exists(#pending)"
                                + " OR (#status = :open AND #resolveAt <= :now))")
                        .projectionExpression("#pk, #pending, #status, #resolveAt")
                        .expressionAttributeNames(Map.of("#pk", KEY, "#pending", "pending", "#status", "status",
                                "#resolveAt", "autoResolveAt"))
                        .expressionAttributeValues(Map.of(":incident", s("incident#"), ":open", s(IncidentStatus.OPEN.name()),
                                ":now", n(now.getEpochSecond())));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            });
            for (Map<String, AttributeValue> item : page.items()) {
                String key = item.get(KEY).s().substring("incident#".length());
                boolean due = item.containsKey("autoResolveAt") && text(item.get("status")) != null
                        && IncidentStatus.OPEN.name().equals(item.get("status").s())
                        && Long.parseLong(item.get("autoResolveAt").n()) <= now.getEpochSecond();
                work.add(new Work(key, isStormKey(key), item.containsKey("pending"), due));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return work;
    }

    // ---- items -----------------------------------------------------------------------------------------

    private Map<String, AttributeValue> outboxItem(OutboxNotice notice, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(notice.pk()));
        item.put("thread", s(notice.thread()));
        item.put("id", s(notice.id()));
        item.put("kind", s(notice.kind().name()));
        if (notice.phase() != null) {
            item.put("phase", s(notice.phase().name()));
        }
        if (notice.role() != null) {
            item.put("role", s(notice.role().name()));
        }
        if (notice.text() != null) {
            item.put("text", s(notice.text()));
        }
        if (notice.snapshot() != null) {
            item.put("snapshot", s(toJson(notice.snapshot())));
        }
        item.put("eventId", s(notice.eventId()));
        item.put("createdAt", s(notice.createdAt().toString()));
        item.put("attempts", n(0));
        item.put(EXPIRES_AT, n(now.plus(settings.retention()).getEpochSecond()));
        return item;
    }

    private OutboxNotice outboxNotice(Map<String, AttributeValue> item) {
        return new OutboxNotice(item.get("thread").s(), item.get("id").s(), Notice.Kind.valueOf(item.get("kind").s()),
                item.containsKey("phase") ? Notice.Phase.valueOf(item.get("phase").s()) : null,
                item.containsKey("role") ? Notice.Role.valueOf(item.get("role").s()) : null,
                text(item.get("text")), item.containsKey("snapshot") ? fromJson(item.get("snapshot").s()) : null,
                item.get("eventId").s(), Instant.parse(item.get("createdAt").s()), (int) number(item.get("attempts")),
                item.containsKey("notBefore") ? Instant.ofEpochMilli(Long.parseLong(item.get("notBefore").n())) : null,
                text(item.get("lastError")));
    }

    private IncidentRecord incidentRecord(Map<String, AttributeValue> item) {
        return new IncidentRecord(fromJson(item.get("doc").s()), number(item.get("version")),
                new TreeSet<>(stringSet(item.get("pending"))), text(item.get("slackChannel")), text(item.get("slackTs")));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        int rounds = 0;
        while (request != null && !request.isEmpty()) {
            Map<String, KeysAndAttributes> ask = request;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty() ? response.unprocessedKeys() : null;
            if (request != null && ++rounds > 10) {
                throw new IllegalStateException("DynamoDB kept " + request.get(table).keys().size()
                        + " keys unprocessed after 10 rounds of BatchGetItem on " + table);
            }
            pause(rounds);
        }
        return items;
    }

    static void pause(int attempt) {
        if (attempt <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(200, 10L * attempt) + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a DynamoDB write", e);
        }
    }

    private String toJson(Incident incident) {
        try {
            return jsonMapper.writeValueAsString(incident);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode incident " + incident.key(), e);
        }
    }

    private Incident fromJson(String json) {
        try {
            return jsonMapper.readValue(json, Incident.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored incident is not readable: " + e.getMessage(), e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static AttributeValue ss(Collection<String> values) {
        return AttributeValue.builder().ss(values).build();
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static long number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static boolean flag(AttributeValue value) {
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    private static Set<String> stringSet(AttributeValue value) {
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }
}
