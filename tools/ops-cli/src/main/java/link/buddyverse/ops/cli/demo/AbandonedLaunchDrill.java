package link.buddyverse.ops.cli.demo;

import java.util.List;

/**
 * A new web server that never serves: cloud-init finished, Apache does not answer and /mnt/efs is not mounted
 * (a broken release or a mount that fails). The group holds it at the launch hook; LifecycleHookFunction's check
 * says it failed for good, so it answers ABANDON with the check's output, and the group replaces it instead of
 * sending it traffic.
 */
final class AbandonedLaunchDrill implements Drill {

    @Override
    public String id() {
        return "launch-abandoned";
    }

    @Override
    public String title() {
        return "New instance never serves: ABANDONed";
    }

    @Override
    public String owners() {
        return "saw a replacement count as serving while Apache was down and /mnt/efs was not mounted";
    }

    @Override
    public List<String> functions() {
        return LifecycleSteps.functions();
    }

    @Override
    public void run(DrillContext context) {
        WebTier.Group before = context.observe();
        context.check(before.inService() == 2, "the group starts with 2 instances in service", before.describe());
        String old = before.instances().get(0).id();
        context.owners("replace " + old + " through the group (TerminateInstanceInAutoScalingGroup, desired capacity kept)");
        context.aws().autoScaling().terminateInstanceInAutoScalingGroup(b -> b.instanceId(old).shouldDecrementDesiredCapacity(false));
        WebTier.Group after = context.observe();
        List<String> launched = after.ids().stream().filter(id -> !before.ids().contains(id)).toList();
        context.check(launched.size() == 1, "the group launches one replacement", "instances " + after.ids());
        String broken = launched.get(0);

        AwsPart aws = context.awsPart();
        aws.instanceAnswers(broken, "has booted but does not serve: Apache down, /mnt/efs not mounted",
                "cloud-init: done\napache: HTTP 000 on /health.html (expected 200)\nefs: /mnt/efs not mounted\n"
                        + "FAILED: cloud-init has finished (done) and the instance does not serve", 2);
        aws.holdAtHook(context, LifecycleSteps.FUNCTION, LifecycleSteps.EVENTS, context.web().groupName(), LifecycleSteps.LAUNCH_HOOK,
                broken, true);
        FunctionInvoker.Invocation verdict = LifecycleSteps.recheckUntilAnswered(context, 2);
        context.check("ABANDON".equals(LifecycleSteps.answer(verdict))
                        && verdict.warnings().stream().anyMatch(w -> w.contains("/mnt/efs not mounted")),
                "LifecycleHookFunction answers ABANDON for " + broken + ", with the check's output",
                "answer " + LifecycleSteps.answer(verdict) + ", warnings " + verdict.warnings());
        WebTier.Group settled = context.observe();
        context.check(!settled.ids().contains(broken) && settled.desired() == 2,
                broken + " never joined: the group terminated it and keeps its desired capacity of 2",
                settled.describe() + ", instances " + settled.ids());
    }
}
