package link.buddyverse.ops.cli.soak;

import java.time.Instant;
import java.util.List;

/**
 * One delivery of an event to a container and what came back: the first, a duplicate sent to a second container at
 * the same moment, or a retry after a failed delivery.
 *
 * @param attempt   0 for the first delivery (and its duplicate), 1 and 2 for Lambda's retries
 * @param answer    how the invocation ended: ANSWERED, FUNCTION_ERROR, TIMED_OUT, EXITED, INIT_ERROR
 * @param status    the function's result status when it answered (applied, duplicate, superseded...), else null
 * @param reason    the result's reason, or the error's message
 * @param steps     the plan's actions, each with its outcome
 * @param logged    the changes this delivery's own log says it made ("applied SetDesiredCapacity on ...: 2 -> 3"),
 *                  which it logs once AWS answered success, whether or not the invocation then answered
 */
record Delivery(String eventId, SoakEvent.Kind kind, int attempt, boolean copy, int container, String requestId,
                Instant start, Instant end, String answer, String status, String reason, List<Step> steps, List<Step> logged) {

    /** One planned action (plan[i]) and what became of it (outcomes[i]). */
    record Step(String action, String before, String after, String status, String detail) {

        /** Applied by this delivery's own call, not found in place or marked applied by an earlier attempt. */
        boolean changed() {
            return "applied".equals(status) && (detail == null || !(detail.startsWith("already in place")
                    || detail.startsWith("applied by an earlier attempt")));
        }
    }

    /** The actions this delivery changed itself: logged as applied, or reported applied by a change of its own. */
    java.util.Set<String> changedActions() {
        java.util.Set<String> actions = new java.util.TreeSet<>();
        logged.forEach(step -> actions.add(step.action()));
        if (!"duplicate".equals(status)) {
            steps.stream().filter(Step::changed).forEach(step -> actions.add(step.action()));
        }
        return actions;
    }

    boolean answered() {
        return "ANSWERED".equals(answer);
    }

    /** Lambda's async invoke retries a delivery that ended in a function error (or timed out). */
    boolean failed() {
        return !answered();
    }
}
