package link.buddyverse.ops.incident;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the OpsState table back, as a test checks what the notifier left in it. */
public final class StateItems {

    private StateItems() {
    }

    public static List<Map<String, AttributeValue>> all(DynamoDbClient dynamoDb) {
        return dynamoDb.scanPaginator(b -> b.tableName(Notifier.TABLE).consistentRead(true)).items().stream().toList();
    }

    public static List<String> keys(DynamoDbClient dynamoDb) {
        return all(dynamoDb).stream().map(item -> item.get("pk").s()).sorted().toList();
    }

    public static List<String> keysStartingWith(DynamoDbClient dynamoDb, String prefix) {
        return keys(dynamoDb).stream().filter(key -> key.startsWith(prefix)).toList();
    }

    public static Map<String, AttributeValue> incident(DynamoDbClient dynamoDb, String key) {
        return dynamoDb.getItem(b -> b.tableName(Notifier.TABLE).consistentRead(true)
                .key(Map.of("pk", AttributeValue.builder().s("incident#" + key).build()))).item();
    }
}
