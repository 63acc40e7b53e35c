package link.buddyverse.ops.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * The owners killed a web server; the group replaced it. Replayed: an instance is terminated through EC2, as
 * from the console; Auto Scaling replaces it and the target group lets the old one go (moto models both
 * itself). The group holds the replacement at its launch hook (AWS's part); LifecycleHookFunction asks the
 * instance over SSM until its check passes (booting first, then serving) and only then answers CONTINUE, after
 * which the group registers it with the target group.
 */
final class KilledInstanceDrill implements Drill {

    @Override
    public String id() {
        return "killed-instance";
    }

    @Override
    public String title() {
        return "Killed instance: replaced";
    }

    @Override
    public String owners() {
        return "terminated a web server from the console; the group launched a replacement";
    }

    @Override
    public List<String> functions() {
        return LifecycleSteps.functions();
    }

    @Override
    public void run(DrillContext context) {
        WebTier.Group before = context.observe();
        context.check(before.inService() == 2, "the group starts with 2 instances in service", before.describe());
        String victim = before.instances().get(0).id();

        context.owners("terminate " + victim + " from the EC2 console");
        context.aws().ec2().terminateInstances(b -> b.instanceIds(victim));
        WebTier.Group after = context.observe();
        List<String> launched = after.ids().stream().filter(id -> !before.ids().contains(id)).toList();
        context.aws("Auto Scaling: " + victim + " is gone; the group launches " + (launched.isEmpty() ? "nothing" : String.join(", ", launched))
                + " to keep its desired capacity (moto models this itself)");
        context.check(!after.ids().contains(victim) && after.inService() == 2 && launched.size() == 1,
                "the group replaced " + victim + ": 2 in service, one of them new", after.describe() + ", instances " + after.ids());

        String replacement = launched.get(0);
        if (context.hasFunction(LifecycleSteps.FUNCTION)) {
            AwsPart aws = context.awsPart();
            aws.instanceAnswers(replacement, "is still booting: cloud-init running, Apache not up, /mnt/efs not mounted",
                    LifecycleSteps.BOOTING, 3);
            aws.holdAtHook(context, LifecycleSteps.FUNCTION, LifecycleSteps.EVENTS, context.web().groupName(),
                    LifecycleSteps.LAUNCH_HOOK, replacement, true);
            FunctionInvoker.Invocation notYet = aws.recheckArrives(context, LifecycleSteps.FUNCTION);
            context.check(LifecycleSteps.answer(notYet) == null && "Pending:Wait".equals(LifecycleSteps.lifecycleState(context, replacement)),
                    replacement + " waits in Pending:Wait while its check says it does not serve yet",
                    LifecycleSteps.lifecycleState(context, replacement) + ", answer " + LifecycleSteps.answer(notYet));
            aws.instanceAnswers(replacement, "has booted: Apache answers /health.html, /mnt/efs is mounted", LifecycleSteps.READY, 0);
            FunctionInvoker.Invocation ready = LifecycleSteps.recheckUntilAnswered(context, 3);
            context.check("CONTINUE".equals(LifecycleSteps.answer(ready))
                            && "InService".equals(LifecycleSteps.lifecycleState(context, replacement)),
                    "LifecycleHookFunction answers CONTINUE for " + replacement + " once its check passed: it is InService",
                    LifecycleSteps.lifecycleState(context, replacement) + ", answer " + LifecycleSteps.answer(ready));
        }
        if (!context.web().targetHealth().containsKey(replacement)) {
            context.awsPart().groupRegisters(context.web().groupName(), context.web().targetGroupArn(), replacement);
        }
        Map<String, String> health = context.web().targetHealth();
        context.check("healthy".equals(health.get(replacement)) && !"healthy".equals(health.get(victim)),
                "the target group sends traffic to " + replacement + " and no longer to " + victim, "targets " + health);
        if (!context.hasFunction("LifecycleHookFunction")) {
            context.note("LifecycleHookFunction (the group's launch and terminate lifecycle hooks) is not built yet: no ops"
                    + " function takes part in this drill today");
        }
    }
}
