package link.buddyverse.ops.kit.tell;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;

/**
 * The detail of a {@code buddyverse.ops} "Ops Action" event: one action and what became of it, with the
 * trigger, so the incident notifier can thread it under the alarm's incident.
 */
// Every field always present (empty lists, nulls): a stable shape for readers of results and events.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record OpsEventDetail(String function, TriggerView trigger, PlannedAction action, OutcomeView outcome,
                             List<String> warnings) {
}
