package link.buddyverse.ops.kit.apply;

import link.buddyverse.ops.kit.plan.Action;

/** What became of one planned action. */
public sealed interface Outcome {

    Action action();

    /** Lower-case status as it appears in results and ops events. */
    String status();

    /** Why it was skipped or how it failed; empty for applied and dry-run. */
    String detail();

    record Applied(Action action, String detail) implements Outcome {
        public Applied(Action action) {
            this(action, "");
        }

        public String status() {
            return "applied";
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
