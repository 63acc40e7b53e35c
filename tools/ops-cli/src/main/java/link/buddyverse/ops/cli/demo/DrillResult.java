package link.buddyverse.ops.cli.demo;

/**
 * How a drill went.
 *
 * @param outcome PASSED: every expected effect happened; FAILED: one did not (or the drill broke); PENDING: the
 *                function it needs is not built yet, so it could not run
 * @param summary one sentence: what happened, or what did not
 */
public record DrillResult(String id, String title, Outcome outcome, String summary, long millis, int invocations) {

    public enum Outcome { PASSED, FAILED, PENDING }
}
