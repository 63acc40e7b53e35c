package link.buddyverse.ops.kit.state;

import static link.buddyverse.ops.kit.state.StateItem.EXPIRES_AT;
import static link.buddyverse.ops.kit.state.StateItem.KEY;
import static link.buddyverse.ops.kit.state.StateItem.n;
import static link.buddyverse.ops.kit.state.StateItem.s;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What a function must remember between invocations about one subject (a replica's bad samples, a file
 * system's last throughput change): {@link StateKeys#memory} items holding the function's own JSON and a
 * version. Writes are compare-and-set on the version, so two invocations that read the same memory cannot
 * both write what they concluded from it: the second is told to read again.
 */
@Singleton
public class FunctionMemory implements CallsAws {

    /** What was remembered; version 0 means nothing yet. */
    public record Remembered(long version, String data, Instant updatedAt) {
        public static final Remembered NOTHING = new Remembered(0, "{}", Instant.EPOCH);
    }

    private static final Duration KEEP = Duration.ofDays(30);

    private final DynamoDbClient dynamoDb;
    private final OpsSettings settings;

    public FunctionMemory(DynamoDbClient dynamoDb, OpsSettings settings) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
    }

    @Override
    public List<String> iamActions() {
        return List.of("dynamodb:GetItem", "dynamodb:PutItem");
    }

    public Remembered read(String function, String subject) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(settings.stateTable())
                .key(Map.of(KEY, s(StateKeys.memory(function, subject)))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Remembered.NOTHING;
        }
        return new Remembered(StateItem.number(item.get("version")), StateItem.text(item.get("data")),
                Instant.parse(StateItem.text(item.get("updatedAt"))));
    }

    /** Writes {@code data} as the version after {@code read}; false when someone else wrote first. */
    public boolean write(String function, String subject, Remembered read, String data, Instant now) {
        try {
            dynamoDb.putItem(b -> b.tableName(settings.stateTable())
                    .item(Map.of(KEY, s(StateKeys.memory(function, subject)), "version", n(read.version() + 1),
                            "data", s(data), "updatedAt", s(now.toString()), EXPIRES_AT, n(now.plus(KEEP).getEpochSecond())))
                    .conditionExpression(read.version() == 0 ? "attribute_not_exists(#pk)" : "version = :read")
                    .expressionAttributeNames(read.version() == 0 ? Map.of("#pk", KEY) : null)
                    .expressionAttributeValues(read.version() == 0 ? null : Map.of(":read", n(read.version()))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    public Optional<Remembered> readIfAny(String function, String subject) {
        Remembered remembered = read(function, subject);
        return remembered.version() == 0 ? Optional.empty() : Optional.of(remembered);
    }
}
