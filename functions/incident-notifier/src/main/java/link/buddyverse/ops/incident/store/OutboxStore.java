package link.buddyverse.ops.incident.store;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.flag;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.number;
import static link.buddyverse.ops.kit.state.StateItem.s;
import static link.buddyverse.ops.kit.state.StateItem.ss;
import static link.buddyverse.ops.kit.state.StateItem.stringSet;
import static link.buddyverse.ops.kit.state.StateItem.text;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import link.buddyverse.ops.incident.lifecycle.Notice;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The outbox: {@code outbox#<thread>#<id>}, one notice not yet accepted by Slack, and its thread's
 * {@code pending} set (on the incident or storm item) that says which notices are still due. A notice is
 * written before anything refers to it, leaves {@code pending} before its item is deleted, and records every
 * attempt to deliver it: when the first one started ({@code sentAt}), and whether an attempt is still without
 * a known outcome ({@code attempted}: every later deliverer looks in Slack first).
 */
@Singleton
public class OutboxStore implements CallsAws {

    private final StateTable state;
    private final WorkIndex workIndex;

    public OutboxStore(StateTable state, WorkIndex workIndex) {
        this.state = state;
        this.workIndex = workIndex;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem");
    }

    /** Writes a new notice (its id is unique to its event: racing writers never write the same one). */
    void put(OutboxNotice notice, Instant now) {
        state.dynamoDb.putItem(b -> b.tableName(state.table).item(item(notice, now)));
    }

    /** Removes notices a lost race left nobody refers to. */
    void discard(Collection<OutboxNotice> notices) {
        notices.forEach(notice -> state.dynamoDb.deleteItem(b -> b.tableName(state.table)
                .key(Map.of(KEY, s(notice.pk())))));
    }

    /**
     * Asks for a storm's roll-up to show a change: its one message notice, written in place rather than
     * replaced, so that what an earlier delivery recorded on it (an attempt without an answer, a Retry-After)
     * survives: forty members joining must not turn one unanswered roll-up post into a second roll-up.
     */
    void requestRollUp(String stormKey, String member, Instant now) {
        OutboxNotice notice = new OutboxNotice(stormKey, StormRecord.MESSAGE, Notice.Kind.MESSAGE, Notice.Phase.UPDATED,
                null, null, null, member, now, 0, null, null, null, false);
        Map<String, AttributeValue> item = item(notice, now);
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
        state.dynamoDb.updateItem(u -> u.tableName(state.table).key(Map.of(KEY, item.get(KEY)))
                .updateExpression("SET " + String.join(", ", set))
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** The given notices of a thread, in id order; ids whose notice is gone are left out. */
    public List<OutboxNotice> notices(String thread, Collection<String> ids) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        Map<String, OutboxNotice> byId = new HashMap<>();
        for (int start = 0; start < sorted.size(); start += StateTable.BATCH_GET) {
            List<Map<String, AttributeValue>> keys = sorted.subList(start, Math.min(sorted.size(), start + StateTable.BATCH_GET))
                    .stream().map(id -> Map.of(KEY, s(StateTable.outboxKey(thread, id)))).toList();
            for (Map<String, AttributeValue> item : state.batchGet(keys)) {
                OutboxNotice notice = notice(item);
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
        Map<String, AttributeValue> after = state.dynamoDb.updateItem(u -> u.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.incidentKey(thread))))
                .updateExpression(expression.toString().trim()).expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        all.forEach(id -> state.dynamoDb.deleteItem(d -> d.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.outboxKey(thread, id))))));
        workIndex.settle(after);
    }

    /**
     * Write-ahead: a call to Slack that may post this notice is about to start. Recorded before the call, so
     * that whatever happens next (no answer, a crash, a lease that runs out) every later deliverer of the notice,
     * in any container, looks in Slack for it before posting it again. {@code sentAt} keeps the first such moment
     * (where to start looking). Returns false when the notice is gone (delivered meanwhile).
     */
    public boolean attemptStarted(String thread, String id, Instant now) {
        try {
            state.dynamoDb.updateItem(b -> b.tableName(state.table).key(Map.of(KEY, s(StateTable.outboxKey(thread, id))))
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
     * Write-ahead for a storm's roll-up post: as {@link #attemptStarted}, but the roll-up's message notice is
     * created when there is none (a roll-up can be due without a refresh asked for), so that no roll-up is ever
     * posted without the mark every later deliverer looks at.
     */
    public void rollUpAttemptStarted(String stormKey, Instant now) {
        state.dynamoDb.updateItem(b -> b.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.outboxKey(stormKey, StormRecord.MESSAGE))))
                .updateExpression("SET #sentAt = if_not_exists(#sentAt, :now), #unanswered = :yes,"
                        + " #thread = if_not_exists(#thread, :thread), #id = if_not_exists(#id, :id),"
                        + " #kind = if_not_exists(#kind, :kind), #phase = if_not_exists(#phase, :phase),"
                        + " #eventId = if_not_exists(#eventId, :eventId), #createdAt = if_not_exists(#createdAt, :createdAt),"
                        + " #attempts = if_not_exists(#attempts, :zero), #exp = if_not_exists(#exp, :exp)")
                .expressionAttributeNames(Map.of("#sentAt", "sentAt", "#unanswered", "unanswered", "#thread", "thread",
                        "#id", "id", "#kind", "kind", "#phase", "phase", "#eventId", "eventId", "#createdAt", "createdAt",
                        "#attempts", "attempts", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":yes", AttributeValue.builder().bool(true).build(),
                        ":thread", s(stormKey), ":id", s(StormRecord.MESSAGE), ":kind", s(Notice.Kind.MESSAGE.name()),
                        ":phase", s(Notice.Phase.UPDATED.name()), ":eventId", s("roll-up"), ":createdAt", s(now.toString()),
                        ":zero", n(0), ":exp", n(now.plus(state.retention()).getEpochSecond()))));
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
            state.dynamoDb.updateItem(b -> b.tableName(state.table).key(Map.of(KEY, s(StateTable.outboxKey(thread, id))))
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
        Map<String, AttributeValue> item = state.dynamoDb.getItem(b -> b.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.incidentKey(thread)))).consistentRead(true)
                .projectionExpression("#pending").expressionAttributeNames(Map.of("#pending", "pending"))).item();
        return item == null ? 0 : stringSet(item.get("pending")).size();
    }

    private Map<String, AttributeValue> item(OutboxNotice notice, Instant now) {
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
            item.put("snapshot", s(state.toJson(notice.snapshot())));
        }
        item.put("eventId", s(notice.eventId()));
        item.put("createdAt", s(notice.createdAt().toString()));
        item.put("attempts", n(0));
        item.put(EXPIRES_AT, n(now.plus(state.retention()).getEpochSecond()));
        return item;
    }

    private OutboxNotice notice(Map<String, AttributeValue> item) {
        return new OutboxNotice(item.get("thread").s(), item.get("id").s(), Notice.Kind.valueOf(item.get("kind").s()),
                item.containsKey("phase") ? Notice.Phase.valueOf(item.get("phase").s()) : null,
                item.containsKey("role") ? Notice.Role.valueOf(item.get("role").s()) : null,
                text(item.get("text")), item.containsKey("snapshot") ? state.fromJson(item.get("snapshot").s()) : null,
                item.get("eventId").s(), Instant.parse(item.get("createdAt").s()), (int) number(item.get("attempts")),
                item.containsKey("notBefore") ? Instant.ofEpochMilli(Long.parseLong(item.get("notBefore").n())) : null,
                text(item.get("lastError")),
                item.containsKey("sentAt") ? Instant.ofEpochMilli(number(item.get("sentAt"))) : null,
                flag(item.get("unanswered")));
    }
}
