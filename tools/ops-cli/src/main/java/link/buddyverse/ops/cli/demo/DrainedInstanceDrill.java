package link.buddyverse.ops.cli.demo;

import java.util.List;

/**
 * An instance the group terminates while it still holds sticky sessions. The group deregisters it and holds it at
 * the terminate hook (AWS's part); LifecycleHookFunction waits while the load balancer drains it and answers
 * CONTINUE only once the target has left draining.
 */
final class DrainedInstanceDrill implements Drill {

    @Override
    public String id() {
        return "terminate-drained";
    }

    @Override
    public String title() {
        return "Terminated instance: drained before it goes";
    }

    @Override
    public String owners() {
        return "saw an instance terminated while it still held sticky sessions";
    }

    @Override
    public List<String> functions() {
        return LifecycleSteps.functions();
    }

    @Override
    public void run(DrillContext context) {
        WebTier.Group before = context.observe();
        context.check(before.inService() == 2, "the group starts with 2 instances in service", before.describe());
        String leaving = before.instances().get(before.instances().size() - 1).id();
        WebTier web = context.web();
        AwsPart aws = context.awsPart();

        context.owners("the group terminates " + leaving + " (a replacement, a scale-in)");
        aws.groupDeregisters(web.groupName(), web.targetGroupArn(), leaving);
        FunctionInvoker.Invocation first = aws.holdAtHook(context, LifecycleSteps.FUNCTION, LifecycleSteps.EVENTS, web.groupName(),
                LifecycleSteps.TERMINATE_HOOK, leaving, false);
        context.check(LifecycleSteps.answer(first) == null && "Terminating:Wait".equals(LifecycleSteps.lifecycleState(context, leaving)),
                leaving + " stays in Terminating:Wait while the load balancer drains it",
                LifecycleSteps.lifecycleState(context, leaving) + ", answer " + LifecycleSteps.answer(first));
        FunctionInvoker.Invocation stillDraining = aws.recheckArrives(context, LifecycleSteps.FUNCTION);
        context.check(LifecycleSteps.answer(stillDraining) == null, "still draining at the next look: no answer yet",
                "answer " + LifecycleSteps.answer(stillDraining));

        aws.drainingEnds(leaving);
        FunctionInvoker.Invocation drained = LifecycleSteps.recheckUntilAnswered(context, 2);
        context.check("CONTINUE".equals(LifecycleSteps.answer(drained)),
                "LifecycleHookFunction answers CONTINUE for " + leaving + " once it has drained", "answer " + LifecycleSteps.answer(drained));
        WebTier.Group after = context.observe();
        context.check(!after.ids().contains(leaving), leaving + " is gone from the group", "instances " + after.ids());
    }
}
