package link.buddyverse.ops.kit.handler;

import java.time.Instant;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;

/**
 * A function that changes AWS: it observes and plans; the kit applies the plan within guard rails, records
 * it against the event (so a retry re-applies exactly it), tells and reports.
 */
public interface PlanningFunction extends OpsFunction {

    /** Reads the live state the decision needs (describe calls only) and plans. */
    Plan plan(Trigger trigger, Instant now);

    @Override
    default OpsResult work(Trigger trigger, Work work) {
        return work.carryOut(plan(trigger, work.now()));
    }
}
