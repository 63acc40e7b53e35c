package link.buddyverse.ops.kit.result;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What a function returns for one event, and what {@code ./ops local invoke} prints.
 *
 * @param status   {@code applied}, {@code dry-run}, {@code failed}, {@code no-action} (the plan was empty),
 *                 {@code skipped} (the event is not ours to act on), {@code rejected} (malformed input),
 *                 {@code duplicate} (already handled, or being handled, by another invocation)
 * @param reason   why the event was skipped, rejected or left without action
 * @param warnings what the function says loudly (a limit raised, a ceiling reached)
 */
// Every field always present (empty lists, nulls): a stable shape for readers of results and events.
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
        @Nullable String reason) {

    public static OpsResult withoutPlan(String function, String status, @Nullable TriggerView trigger, String reason) {
        return new OpsResult(function, status, trigger, List.of(), List.of(), List.of(), List.of(), reason);
    }

    public OpsResult asDuplicate(String why) {
        return new OpsResult(function, "duplicate", trigger, plan, outcomes, warnings, notes, why);
    }
}
