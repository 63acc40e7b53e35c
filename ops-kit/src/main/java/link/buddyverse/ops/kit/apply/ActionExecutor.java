package link.buddyverse.ops.kit.apply;

import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Carries out one type of {@link Action}: the only code that makes that mutating AWS call. Executors live in
 * the function that owns the action (a bean of that function's context, nowhere else), and declare the IAM
 * actions they call ({@link CallsAws}), so template.yaml's policies are checked against the code.
 *
 * <p>Actions are compare-and-set: {@link #current} reads what the resource holds now, and the {@link Applier} applies
 * the action only while that is still the action's {@code before}. Executing must still be idempotent for the same
 * action (absolute targets: desired capacity 3, not "one more"), for the actions whose value cannot be read back.
 */
public interface ActionExecutor<A extends Action> extends CallsAws {

    Class<A> actionType();

    void execute(A action);

    /**
     * What the resource reads now for this action, compared with its before and after ({@link Current#compare}); or
     * {@link Current.NotReadable} with the reason, for an action that changes nothing readable (a message, a command),
     * whose executor keeps its own idempotency. No default: every executor says which it is.
     */
    Current current(A action);

    /**
     * Executes and says what the caller should know of a change that succeeded (CloudWatch's warnings on a dashboard
     * it accepted, say); the Applier puts it in the applied outcome's detail. Empty by default.
     */
    default String executeAndReport(A action) {
        execute(action);
        return "";
    }
}
