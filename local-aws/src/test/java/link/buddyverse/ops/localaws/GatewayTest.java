package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(LocalMoto.class)
class GatewayTest {

    @Test
    void forwardsEveryCallToMotoAndRecordsServiceOperationDigestAndStatus(Gateway gateway) {
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway);
             AutoScalingClient autoScaling = Clients.of(AutoScalingClient.builder(), gateway)) {
            createTable(dynamo, "ops-state");
            assertThat(dynamo.listTables().tableNames()).containsExactly("ops-state");
            assertThat(autoScaling.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        }
        assertThat(gateway.calls().all()).extracting(Call::service, Call::operation, Call::status, Call::handledBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dynamodb", "CreateTable", 200, "moto"),
                        org.assertj.core.groups.Tuple.tuple("dynamodb", "ListTables", 200, "moto"),
                        org.assertj.core.groups.Tuple.tuple("autoscaling", "DescribeAutoScalingGroups", 200, "moto"));
        Call create = gateway.calls().last("dynamodb", "CreateTable");
        assertThat(create.parameter("TableName")).isEqualTo("ops-state");
        assertThat(create.digest()).hasSize(16).isEqualTo(Request.digest(create.parameters()));
        assertThat(create.protocol()).isEqualTo(Protocol.JSON);
        assertThat(gateway.calls().last("autoscaling", "DescribeAutoScalingGroups").protocol()).isEqualTo(Protocol.QUERY);
    }

    @Test
    void theSameParametersGiveTheSameDigest(Gateway gateway) {
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway)) {
            dynamo.describeLimits();
            dynamo.describeLimits();
            createTable(dynamo, "a");
        }
        var calls = gateway.calls().all();
        assertThat(calls.get(0).digest()).isEqualTo(calls.get(1).digest()).isNotEqualTo(calls.get(2).digest());
    }

    static void createTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(t -> t.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }
}
