package link.buddyverse.ops.incident.store;

import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The schedule finds its work through the sparse index {@code work}, never a scan: an incident carries
 * {@code workShard}/{@code workAt} exactly while it has notices in the outbox (workAt 0) or is open with an
 * auto-resolve time (workAt = that time).
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class WorkIndexTest {

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
        notifier = Notifier.bot(slack);
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    @Test
    void anAlarmIncidentDeliveredInFullHasNoWorkAndLeavesTheIndex() {
        notifier.sample("alarm-cpu-high.json");

        assertThat(incident("Buddy-CPU-High")).doesNotContainKeys("workShard", "workAt", "pending");
    }

    @Test
    void anIncidentWithNoticesInTheOutboxIsDueNowAndLeavesTheIndexOnceTheyAreDelivered() {
        slack.down(SlackStandIn.Fault.serverError());
        notifier.sample("alarm-cpu-high.json");

        assertThat(incident("Buddy-CPU-High").get("workShard").s()).isEqualTo("due");
        assertThat(incident("Buddy-CPU-High").get("workAt").n()).isEqualTo("0");

        slack.up();
        notifier.tick();

        assertThat(incident("Buddy-CPU-High")).doesNotContainKeys("workShard", "workAt", "pending");
    }

    @Test
    void anEventOpenedIncidentWaitsInTheIndexUntilItsQuietPeriodEndsThenResolvesAndLeaves() {
        notifier.sample("scaling-launch-unsuccessful.json");
        Map<String, AttributeValue> open = incident("asg:Buddy-AutoScaling-Group");
        long resolveAt = Long.parseLong(open.get("autoResolveAt").n());

        assertThat(open.get("workShard").s()).isEqualTo("due");
        assertThat(open.get("workAt").n()).isEqualTo(Long.toString(resolveAt));

        long scans = OneRequestAtATime.count("Scan");
        long queries = OneRequestAtATime.count("Query");
        Result early = notifier.tick();
        notifier.clock.set(Instant.ofEpochSecond(resolveAt).plus(Duration.ofSeconds(1)));
        Result due = notifier.tick();

        assertThat(early.status()).isEqualTo("no-action");
        assertThat(due.status()).isEqualTo("delivered");
        assertThat(due.notes()).singleElement().asString().startsWith("incident asg:Buddy-AutoScaling-Group resolved");
        assertThat(OneRequestAtATime.count("Scan")).as("the sweep never scans the table").isEqualTo(scans);
        assertThat(OneRequestAtATime.count("Query")).isGreaterThanOrEqualTo(queries + 2);
        assertThat(incident("asg:Buddy-AutoScaling-Group")).doesNotContainKeys("workShard", "workAt", "pending");
    }

    @Test
    void aStaleMarkIsSettledByTheSweep() {
        notifier.sample("alarm-cpu-high.json");
        dynamoDb.updateItem(b -> b.tableName(Notifier.TABLE)
                .key(Map.of("pk", AttributeValue.builder().s("incident#Buddy-CPU-High").build()))
                .updateExpression("SET workShard = :due, workAt = :zero")
                .expressionAttributeValues(Map.of(":due", AttributeValue.builder().s("due").build(),
                        ":zero", AttributeValue.builder().n("0").build())));

        Result tick = notifier.tick();

        assertThat(tick.status()).isEqualTo("no-action");
        assertThat(incident("Buddy-CPU-High")).doesNotContainKeys("workShard", "workAt");
        assertThat(slack.roots()).hasSize(1);
    }

    private Map<String, AttributeValue> incident(String key) {
        return StateItems.incident(dynamoDb, key);
    }
}
