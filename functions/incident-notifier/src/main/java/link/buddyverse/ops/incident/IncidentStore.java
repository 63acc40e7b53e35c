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
                refreshStormMessage(storm.stormKey(), next.key(), now);
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
            Map<String, AttributeValue> after = dynamoDb.updateItem(u -> u.tableName(table)
                    .key(Map.of(KEY, s(incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one DELETE #pending :message")
                    .conditionExpression("#refresh = :rendered")
                    .expressionAttributeNames(namesWithRemoval).expressionAttributeValues(valuesWithRemoval)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of(KEY, s(outboxKey(storm.key(), StormRecord.MESSAGE)))));
            settleWork(after);
        } catch (ConditionalCheckFailedException changedSince) {
            // A member changed after the roll-up was rendered: keep the message notice for the next round.
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        }
    }

    // ---- outbox ----------------------------------------------------------------------------------------

    /**
     * Asks for the roll-up to show a change: its one message notice, written in place rather than replaced, so
     * that what an earlier delivery recorded on it (a post that got no answer, a Retry-After) survives: forty
     * members joining must not turn one unanswered roll-up post into a second roll-up.
     */
    private void refreshStormMessage(String stormKey, String member, Instant now) {
        OutboxNotice notice = new OutboxNotice(stormKey, StormRecord.MESSAGE, Notice.Kind.MESSAGE, Notice.Phase.UPDATED,
                null, null, null, member, now, 0, null, null, null, false);
        Map<String, AttributeValue> item = outboxItem(notice, now);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        item.forEach((name, value) -> {
            if (name.equals(KEY)) {
                return;
            }
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.add(name.equals("attempts") ? "#attempts = if_not_exists(#attempts, :attempts)" : "#" + name + " = :" + name);
        });
        dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, item.get(KEY)))
                .updateExpression("SET " + String.join(", ", set))
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

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
        Map<String, AttributeValue> after = dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s(incidentKey(thread))))
                .updateExpression(expression.toString().trim()).expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        all.forEach(id -> dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of(KEY, s(outboxKey(thread, id))))));
        settleWork(after);
    }

    /**
     * A call to Slack that may post this notice is about to start: recorded before the call, so that if no
     * answer comes back (a timeout: Slack may have posted it all the same) the next delivery looks in Slack for
     * the notice before posting it again. {@code sentAt} keeps the first such moment (where to start looking).
     * Returns false when the notice is gone (delivered meanwhile).
     */
    public boolean attemptStarted(String thread, String id, Instant now) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(outboxKey(thread, id))))
                    .updateExpression("SET #sentAt = if_not_exists(#sentAt, :now), #unanswered = :yes")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#sentAt", "sentAt", "#unanswered", "unanswered", "#pk", KEY))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()),
                            ":yes", AttributeValue.builder().bool(true).build())));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /**
     * Slack did not take the notice: it stays, with the attempt counted and why. {@code answered}: Slack said
     * so (an HTTP status, an error), so it did not post it and the next attempt need not look for it first;
     * otherwise (no answer) the mark {@link #attemptStarted} left stays.
     */
    public void attemptFailed(String thread, String id, String error, @Nullable Instant notBefore, boolean answered) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>(Map.of("#error", "lastError", "#attempts", "attempts", "#pk", KEY));
        values.put(":one", n(1));
        values.put(":error", s(error));
        List<String> set = new ArrayList<>(List.of("#error = :error"));
        if (notBefore != null) {
            set.add("#notBefore = :notBefore");
            names.put("#notBefore", "notBefore");
            values.put(":notBefore", n(notBefore.toEpochMilli()));
        }
        String update = "SET " + String.join(", ", set) + (answered ? " REMOVE #unanswered" : "") + " ADD #attempts :one";
        if (answered) {
            names.put("#unanswered", "unanswered");
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(outboxKey(thread, id))))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(names)
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

    /**
     * Incidents and storms with notices in the outbox, or due to resolve after a quiet period: a Query of the
     * sparse index {@code work} ({@code workShard = "due" AND workAt <= now}), which holds only items with work,
     * never the whole table. An item found with nothing to do after all (a stale mark) is settled here.
     */
    public List<Work> work(Instant now) {
        List<Work> work = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(b -> {
                b.tableName(table).indexName(WORK_INDEX)
                        .keyConditionExpression("#shard = :due AND #at <= :now")
                        .expressionAttributeNames(Map.of("#shard", WORK_SHARD, "#at", WORK_AT))
                        .expressionAttributeValues(Map.of(":due", s(DUE), ":now", n(now.getEpochSecond())));
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
                    work.add(new Work(key, isStormKey(key), pending, due));
                } else {
                    settleWork(item);
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
    private void settleWork(@Nullable Map<String, AttributeValue> item) {
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
            values.put(":due", s(DUE));
            values.put(":at", n(workAt));
        }
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of(KEY, item.get(KEY)))
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
                text(item.get("lastError")),
                item.containsKey("sentAt") ? Instant.ofEpochMilli(number(item.get("sentAt"))) : null,
                flag(item.get("unanswered")));
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
}
