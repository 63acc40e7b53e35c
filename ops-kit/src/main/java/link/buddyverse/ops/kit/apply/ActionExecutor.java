package link.buddyverse.ops.kit.apply;

import java.util.List;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Carries out one type of {@link Action}: the only code that makes that mutating AWS call. Each executor
 * declares the IAM actions it needs, so template.yaml's policies can be checked against the code.
 */
public interface ActionExecutor<A extends Action> {

    Class<A> actionType();

    /** IAM actions this executor calls, e.g. {@code autoscaling:SetDesiredCapacity}. */
    List<String> iamActions();

    void execute(A action);
}
