package link.buddyverse.ops.kit.handler;

import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.result.OpsResult;

/**
 * What one function decides; everything around the decision (decoding, claiming the event, guard rails, state,
 * telling, retries) is the kit's {@link EventSkeleton}. Exactly one bean of each function's context implements
 * it. Functions that change AWS implement {@link PlanningFunction}; the notifier implements {@link #work}.
 */
public interface OpsFunction {

    /** The function's logical id in template.yaml, e.g. {@code ScalingTunerFunction}. */
    String name();

    /** The triggers this function takes; any other is skipped with the reason, never mistaken for another. */
    Set<Class<? extends Trigger>> accepts();

    /** Pure and cheap: why this accepted trigger is none of this function's business, if it is not. */
    default Optional<String> skipReason(Trigger trigger) {
        return Optional.empty();
    }

    /**
     * Handles one claimed event. Throwing means "retry this event": the skeleton marks it failed and Lambda
     * (or SQS) delivers it again; bad input must become a result instead.
     */
    OpsResult work(Trigger trigger, Work work);

    /**
     * The decision path for one sample trigger with no AWS call (sample state instead of observed state), for
     * priming before a SnapStart snapshot; the kit encodes what it returns.
     */
    OpsResult rehearse(Trigger sample);
}
