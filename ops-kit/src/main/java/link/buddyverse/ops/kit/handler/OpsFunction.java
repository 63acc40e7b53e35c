package link.buddyverse.ops.kit.handler;

import java.time.Instant;
import java.util.Optional;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.plan.Plan;

/** What one function decides; everything around the decision (state, guard rails, telling) is the pipeline's. */
public interface OpsFunction {

    /** The function's logical id in template.yaml, e.g. {@code ScalingTunerFunction}. */
    String name();

    /**
     * Whether this function follows the state of the named alarm: the pipeline then records every state it
     * reports (OK included) so that schedule ticks can re-check alarms still in ALARM.
     */
    default boolean tracksAlarm(String alarmName) {
        return false;
    }

    /** Pure and cheap: why this trigger is none of this function's business, if it is not. */
    Optional<String> skipReason(Trigger trigger);

    /** Reads the live state the decision needs (describe calls only) and plans. */
    Plan plan(Trigger trigger, Instant now);
}
