package link.buddyverse.ops.kit.apply;

/**
 * Thrown by an executor when AWS's answer shows the action has nothing to do, and no retry would change that: a
 * lifecycle action another answer (or the hook's timeout) already finished, an instance whose SSM agent is not
 * registered yet. The {@link Applier} reports the action {@code skipped} with this reason, never {@code failed}:
 * the event is not retried and nothing is counted as changed.
 */
public class ActionNotTaken extends RuntimeException {

    public ActionNotTaken(String reason, Throwable cause) {
        super(reason, cause);
    }
}
