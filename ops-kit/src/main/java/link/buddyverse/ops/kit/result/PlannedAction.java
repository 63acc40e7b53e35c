package link.buddyverse.ops.kit.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import link.buddyverse.ops.kit.plan.Action;

/** One planned action as results, ops events and Slack show it: what changes, from what, to what, and why. */
// Every field always present (empty lists, nulls): a stable shape for readers of results and events.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record PlannedAction(String action, String resource, String target, String before, String after, String reason) {

    public static PlannedAction of(Action action) {
        return new PlannedAction(action.type(), action.resource(), action.target(), action.before(), action.after(),
                action.reason());
    }
}
