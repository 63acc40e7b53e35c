package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.event.AlarmState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The last state each managed alarm reported, as {@code alarm#<name>} items, so a schedule tick knows which
 * alarms are still in ALARM (EventBridge reports state changes only).
 *
 * <p>Why not CloudWatch's DescribeAlarms: the SDK's CloudWatch client (2.57) speaks only the Smithy RPCv2 CBOR
 * protocol, which the local AWS emulator (moto 5.2) does not, so that path could never be proven here; and
 * reading our own table spares every cold start a whole service client. The cost: an alarm already in ALARM
 * when the stack is first deployed is learnt at its next state change. Writes are newest-wins on the state's
 * own timestamp, so a late, out-of-order delivery cannot overwrite a newer state.
 */
@Singleton
public class AlarmStates implements CallsAws {

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public AlarmStates(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:PutItem", "dynamodb:BatchGetItem");
    }

    public void record(String alarmName, AlarmState state, Instant changedAt, String eventId) {
        try {
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(KEY, s(StateKeys.alarm(alarmName)), "state", s(state.name()), "changedAt", s(changedAt.toString()),
                            "eventId", s(eventId)))
                    .conditionExpression("attribute_not_exists(#pk) OR changedAt <= :changedAt")
                    .expressionAttributeNames(Map.of("#pk", KEY))
                    .expressionAttributeValues(Map.of(":changedAt", s(changedAt.toString()))));
        } catch (ConditionalCheckFailedException newerAlreadyKnown) {
            // A later state is already recorded: this delivery is stale.
        }
    }

    /** Those of the given alarms whose last recorded state is ALARM. */
    public List<String> inAlarm(List<String> alarmNames) {
        if (alarmNames.isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = alarmNames.stream().map(name -> Map.of(KEY, s(StateKeys.alarm(name)))).toList();
        List<Map<String, AttributeValue>> items = dynamoDb.batchGetItem(b -> b.requestItems(Map.of(settings.stateTable(),
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build())))
                .responses().getOrDefault(settings.stateTable(), List.of());
        List<String> firing = new ArrayList<>();
        for (String name : alarmNames) {
            items.stream()
                    .filter(item -> StateKeys.alarm(name).equals(item.get(KEY).s()) && AlarmState.ALARM.name().equals(item.get("state").s()))
                    .findFirst()
                    .ifPresent(item -> firing.add(name));
        }
        return firing;
    }

}
