package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What one Lambda input holds: a single event (EventBridge, SNS, a direct invoke) or an SQS batch whose
 * records are handled one by one, each with its own claim, and reported failed one by one.
 */
public sealed interface Delivery {

    record Single(Trigger trigger) implements Delivery {
    }

    record Batch(List<BatchRecord> records) implements Delivery {
        public Batch {
            records = List.copyOf(records);
        }
    }

    /**
     * One SQS record: its message id (what {@code batchItemFailures} names) and either its trigger or why it
     * could not be decoded ({@code rejected}: a retry cannot fix it) or is not handled here ({@code skipped}).
     */
    record BatchRecord(String messageId, @Nullable Trigger trigger, @Nullable String rejected, @Nullable String skipped) {

        public static BatchRecord of(String messageId, Trigger trigger) {
            return new BatchRecord(messageId, trigger, null, null);
        }
    }
}
