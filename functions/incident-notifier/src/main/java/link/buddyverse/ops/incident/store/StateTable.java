package link.buddyverse.ops.incident.store;

import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.s;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import link.buddyverse.ops.incident.NotifierSettings;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.state.StateKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The OpsState table as the notifier's stores share it: the client, the table's name, the item keys of each
 * kind, the incident's JSON form, and the two read helpers every store needs (a consistent GetItem, a
 * BatchGetItem that follows unprocessed keys).
 */
@Singleton
public class StateTable {

    /** The one value of {@code workShard}: the index is small (only items with work), so one partition holds it. */
    static final String DUE = "due";
    static final int BATCH_GET = 100;

    final DynamoDbClient dynamoDb;
    final String table;
    private final JsonMapper jsonMapper;
    private final Duration retention;

    public StateTable(DynamoDbClient dynamoDb, JsonMapper jsonMapper, OpsSettings opsSettings, NotifierSettings settings) {
        this.dynamoDb = dynamoDb;
        this.jsonMapper = jsonMapper;
        this.table = opsSettings.stateTable();
        this.retention = settings.retention();
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

    /** How long resolved incidents and undelivered notices are kept. */
    Duration retention() {
        return retention;
    }

    /** The item, read consistently; null when there is none. */
    Map<String, AttributeValue> get(String pk) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of(KEY, s(pk))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
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

    /** A short, jittered wait before trying a write (or a lease) again: racing writers spread out. */
    public static void pause(int attempt) {
        if (attempt <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(200, 10L * attempt) + ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a DynamoDB write", e);
        }
    }

    String toJson(Incident incident) {
        try {
            return jsonMapper.writeValueAsString(incident);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode incident " + incident.key(), e);
        }
    }

    Incident fromJson(String json) {
        try {
            return jsonMapper.readValue(json, Incident.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored incident is not readable: " + e.getMessage(), e);
        }
    }
}
