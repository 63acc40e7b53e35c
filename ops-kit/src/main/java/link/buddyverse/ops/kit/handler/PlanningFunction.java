package link.buddyverse.ops.kit.handler;

import java.time.Instant;
import java.util.Set;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;

/**
 * A function that changes AWS: it observes and plans; the kit applies the plan within guard rails, records
 * it against the event (so a retry finishes exactly it, compare-and-set), tells and reports. The kit takes the
 * {@link #leases} of the event's resources before the function observes and gives them back once the plan is applied,
 * so no plan is made from state another event is changing; a plan found stale when applied is made again here, from
 * fresh state ({@link #plan(Trigger, Planning)}).
 */
public interface PlanningFunction extends OpsFunction {

    /** Reads the live state the decision needs (describe calls only) and plans. */
    Plan plan(Trigger trigger, Instant now);

    /** As {@link #plan(Trigger, Instant)}, knowing whether the delivery is a retry; override to use it. */
    default Plan plan(Trigger trigger, Planning planning) {
        return plan(trigger, planning.now());
    }

    /**
     * The resources this event's plan may change, leased from before observing until the plan is applied. By default
     * the function as a whole (its events take turns); a function whose events touch separate resources names them.
     */
    default Set<String> leases(Trigger trigger) {
        return Set.of(name());
    }

    @Override
    default OpsResult work(Trigger trigger, Work work) {
        return work.carryOut(plan(trigger, work.planning()));
    }
}
