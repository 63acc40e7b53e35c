package link.buddyverse.ops.kit.apply;

import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Carries out one type of {@link Action}: the only code that makes that mutating AWS call. Executors live in
 * the function that owns the action (a bean of that function's context, nowhere else), and declare the IAM
 * actions they call ({@link CallsAws}), so template.yaml's policies are checked against the code.
 *
 * <p>Executing must be idempotent for the same action: actions carry absolute targets (desired capacity 3, not
 * "one more"), so an action applied by an attempt that crashed before recording it can safely run again.
 */
public interface ActionExecutor<A extends Action> extends CallsAws {

    Class<A> actionType();

    void execute(A action);

    /**
     * Executes and says what the caller should know of a change that succeeded (CloudWatch's warnings on a dashboard
     * it accepted, say); the Applier puts it in the applied outcome's detail. Empty by default.
     */
    default String executeAndReport(A action) {
        execute(action);
        return "";
    }
}
