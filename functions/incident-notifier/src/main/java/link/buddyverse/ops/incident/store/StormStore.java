package link.buddyverse.ops.incident.store;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.WORK_AT;
import static link.buddyverse.ops.kit.state.StateItem.WORK_SHARD;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import link.buddyverse.ops.incident.lifecycle.IncidentKind;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Storms: {@code storm#<minute>} counts the incidents that opened in a minute; {@code incident#storm:<minute>}
 * is a storm itself (members, pending notices, the roll-up's message), changed only by commutative updates
 * (sets and counters), so forty members joining at once never conflict.
 */
@Singleton
public class StormStore implements CallsAws {

    private final StateTable state;
    private final WorkIndex workIndex;
    private final OutboxStore outbox;

    public StormStore(StateTable state, WorkIndex workIndex, OutboxStore outbox) {
        this.state = state;
        this.workIndex = workIndex;
        this.outbox = outbox;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    }

    public static boolean isStormKey(String key) {
        return key.startsWith("storm:");
    }

    /** Counts an incident opening in a minute; returns how many distinct incidents opened in it so far. */
    public int countOpening(String window, String incidentKey, Instant now) {
        Map<String, AttributeValue> after = state.dynamoDb.updateItem(b -> b.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.stormCountKey(window))))
                .updateExpression("ADD #members :key SET #exp = :exp")
                .expressionAttributeNames(Map.of("#members", "members", "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":key", ss(List.of(incidentKey)),
                        ":exp", n(now.plusSeconds(86_400).getEpochSecond())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return after.get("members").ss().size();
    }

    public Optional<StormRecord> read(String stormKey) {
        Map<String, AttributeValue> item = state.get(StateTable.incidentKey(stormKey));
        if (item == null || !item.containsKey("window")) {
            return Optional.empty();
        }
        return Optional.of(new StormRecord(stormKey, item.get("window").s(), Instant.parse(item.get("openedAt").s()),
                stringSet(item.get("members")), new TreeSet<>(stringSet(item.get("pending"))),
                number(item.get("refreshVersion")), text(item.get("slackChannel")), text(item.get("slackTs")),
                flag(item.get("openPosted")), flag(item.get("resolvedPosted")),
                Instant.ofEpochSecond(number(item.get("postAfter")))));
    }

    /** A member's transition on its storm: the roll-up's refresh and the thread replies, then the storm item. */
    void apply(StormEffect storm, String member, Instant now) {
        if (storm.refresh()) {
            outbox.requestRollUp(storm.stormKey(), member, now);
        }
        storm.replies().forEach(reply -> outbox.put(reply, now));
        StringBuilder add = new StringBuilder("ADD #version :one");
        Map<String, String> names = new HashMap<>(Map.of("#version", "version", "#kind", "kind", "#window", "window",
                "#openedAt", "openedAt", "#postAfter", "postAfter", "#exp", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", n(1));
        values.put(":window", s(storm.window()));
        values.put(":now", s(now.toString()));
        values.put(":postAfter", n(storm.windowEnd().getEpochSecond()));
        values.put(":kind", s(IncidentKind.STORM.name()));
        values.put(":exp", n(storm.windowEnd().plus(state.retention()).getEpochSecond()));
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
            values.put(":due", s(StateTable.DUE));
            values.put(":zero", n(0));
        }
        String expression = "SET #kind = :kind, #window = :window, #openedAt = if_not_exists(#openedAt, :now),"
                + " #postAfter = if_not_exists(#postAfter, :postAfter), #exp = :exp" + work + " " + add;
        state.dynamoDb.updateItem(u -> u.tableName(state.table)
                .key(Map.of(KEY, s(StateTable.incidentKey(storm.stormKey()))))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    /**
     * Records that the roll-up showed {@code renderedVersion}: its message notice leaves the outbox unless a
     * member changed since (then it stays, and the next round shows the change).
     */
    public void shown(StormRecord storm, long renderedVersion, @Nullable SlackRef posted, boolean openPosted,
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
            Map<String, AttributeValue> after = state.dynamoDb.updateItem(u -> u.tableName(state.table)
                    .key(Map.of(KEY, s(StateTable.incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one DELETE #pending :message")
                    .conditionExpression("#refresh = :rendered")
                    .expressionAttributeNames(namesWithRemoval).expressionAttributeValues(valuesWithRemoval)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            state.dynamoDb.deleteItem(d -> d.tableName(state.table)
                    .key(Map.of(KEY, s(StateTable.outboxKey(storm.key(), StormRecord.MESSAGE)))));
            workIndex.settle(after);
        } catch (ConditionalCheckFailedException changedSince) {
            // A member changed after the roll-up was rendered: keep the message notice for the next round.
            state.dynamoDb.updateItem(u -> u.tableName(state.table).key(Map.of(KEY, s(StateTable.incidentKey(storm.key()))))
                    .updateExpression(set + " ADD #version :one")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        }
    }
}
