package link.buddyverse.ops.kit.apply;

import link.buddyverse.ops.kit.plan.Action;

/** What became of one planned action. */
public sealed interface Outcome {

    Action action();

    /** Lower-case status as it appears in results and ops events. */
    String status();

    /** Why it was skipped or how it failed; empty for applied and dry-run. */
    String detail();

    /** The detail of an action found already in place: applied, with no change made by this attempt. */
    String ALREADY_IN_PLACE = "already in place: ";
    /** The detail of an action an earlier attempt of the event applied. */
    String EARLIER_ATTEMPT = "applied by an earlier attempt of this event";

    record Applied(Action action, String detail) implements Outcome {
        public Applied(Action action) {
            this(action, "");
        }

        public String status() {
            return "applied";
        }
    }

    /**
     * The resource no longer reads what the plan was made from: not applied, never blindly.
     *
     * @param replannable nothing of this event may have changed the resource yet, so the event may plan again from
     *                    fresh state; false when an earlier attempt's change may have gone through (its answer lost)
     */
    record Superseded(Action action, String detail, boolean replannable) implements Outcome {
        public String status() {
            return "superseded";
        }
    }

    record DryRun(Action action) implements Outcome {
        public String status() {
            return "dry-run";
        }

        public String detail() {
            return "OPS_DRY_RUN is set: planned, not applied";
        }
    }

    record Skipped(Action action, String detail) implements Outcome {
        public String status() {
            return "skipped";
        }
    }

    /** @param retryable a retry could succeed (throttling, 5xx, no answer): the event is retried, not ended */
    record Failed(Action action, String detail, boolean retryable) implements Outcome {
        public String status() {
            return "failed";
        }
    }
}
