package link.buddyverse.ops.kit.handler;

import java.time.Instant;

/**
 * What the kit knows of the delivery a plan is made for, beyond the trigger.
 *
 * @param now         the moment of this plan (a plan made again after a superseded one has its own)
 * @param attempt     1 for the first delivery that claimed the event; more for a retry (Lambda's, SQS's)
 * @param round       0 for the first plan of this invocation; n for the n-th plan made again from fresh state
 */
public record Planning(Instant now, int attempt, int round) {

    /** Delivered again after a failure: what it reports may have changed since (an alarm may be OK by now). */
    public boolean redelivered() {
        return attempt > 1;
    }
}
