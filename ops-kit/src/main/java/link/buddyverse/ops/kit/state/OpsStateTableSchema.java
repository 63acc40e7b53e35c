package link.buddyverse.ops.kit.state;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The OpsState table's shape, for the places that create it outside CloudFormation: a local endpoint
 * ({@code ./ops local invoke}) and tests. Must match {@code OpsStateTable} in template.yaml.
 */
public final class OpsStateTableSchema {

    private OpsStateTableSchema() {
    }

    /** Creates the table unless it exists; returns true when it was created. */
    public static boolean createIfMissing(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.describeTable(b -> b.tableName(tableName));
            return false;
        } catch (ResourceNotFoundException missing) {
            dynamoDb.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            a -> a.attributeName(StateItem.KEY).attributeType(ScalarAttributeType.S),
                            a -> a.attributeName(StateItem.WORK_SHARD).attributeType(ScalarAttributeType.S),
                            a -> a.attributeName(StateItem.WORK_AT).attributeType(ScalarAttributeType.N))
                    .keySchema(k -> k.attributeName(StateItem.KEY).keyType("HASH"))
                    .globalSecondaryIndexes(g -> g.indexName(StateItem.WORK_INDEX)
                            .keySchema(k -> k.attributeName(StateItem.WORK_SHARD).keyType("HASH"),
                                    k -> k.attributeName(StateItem.WORK_AT).keyType("RANGE"))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
            dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(StateItem.EXPIRES_AT).enabled(true)));
            return true;
        }
    }
}
