package link.buddyverse.ops.kit.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What a function returns for one event, and what {@code ./ops local invoke} prints.
 *
 * @param status            {@code applied}, {@code dry-run}, {@code failed}, {@code no-action} (the plan was
 *                          empty), {@code skipped} (the event is not ours to act on), {@code rejected} (malformed
 *                          input), {@code duplicate} (already handled, or being handled, by another invocation),
 *                          {@code batch} (an SQS batch: see {@code records}); a function may add its own
 *                          (the notifier's {@code notified}, {@code queued}, {@code delivered})
 * @param reason            why the event was skipped, rejected or left without action
 * @param warnings          what the function says loudly (a limit raised, a ceiling reached)
 * @param detail            what a function that plans no actions reports instead (the notifier's incident)
 * @param records           an SQS batch's per-record results, in order
 * @param batchItemFailures the records Lambda must deliver again (SQS's partial batch response; the event source
 *                          mapping sets {@code FunctionResponseTypes: [ReportBatchItemFailures]})
 */
// Every field always present (empty lists, nulls) for a stable shape, but for the three a reader of one
// event's result never sees.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record OpsResult(
        String function,
        String status,
        @Nullable TriggerView trigger,
        List<PlannedAction> plan,
        List<OutcomeView> outcomes,
        List<String> warnings,
        List<String> notes,
        @Nullable String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Object detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<OpsResult> records,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<BatchItemFailure> batchItemFailures) {

    /** One record for Lambda to deliver again. */
    @Serdeable
    public record BatchItemFailure(String itemIdentifier) {
    }

    public OpsResult(String function, String status, @Nullable TriggerView trigger, List<PlannedAction> plan,
                     List<OutcomeView> outcomes, List<String> warnings, List<String> notes, @Nullable String reason) {
        this(function, status, trigger, plan, outcomes, warnings, notes, reason, null, null, null);
    }

    public static OpsResult withoutPlan(String function, String status, @Nullable TriggerView trigger, String reason) {
        return new OpsResult(function, status, trigger, List.of(), List.of(), List.of(), List.of(), reason);
    }

    /** A function's own result for an event it handled without a plan (the notifier). */
    public static OpsResult withDetail(String function, String status, TriggerView trigger, Object detail,
                                       List<String> notes, @Nullable String reason) {
        return new OpsResult(function, status, trigger, List.of(), List.of(), List.of(), notes, reason, detail, null, null);
    }

    public static OpsResult batch(String function, List<OpsResult> records, List<String> failedMessageIds) {
        return new OpsResult(function, "batch", null, List.of(), List.of(), List.of(), List.of(),
                records.size() + " record(s), " + failedMessageIds.size() + " to be delivered again", null, List.copyOf(records),
                failedMessageIds.stream().map(BatchItemFailure::new).toList());
    }

    public OpsResult asDuplicate(String why) {
        return new OpsResult(function, "duplicate", trigger, plan, outcomes, warnings, notes, why, detail, null, null);
    }
}
