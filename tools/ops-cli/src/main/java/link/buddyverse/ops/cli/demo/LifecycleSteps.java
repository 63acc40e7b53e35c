package link.buddyverse.ops.cli.demo;

import java.util.List;
import java.util.Map;

/** What the lifecycle drills share: LifecycleHookFunction's names, and reading the wait of an instance. */
final class LifecycleSteps {

    static final String FUNCTION = "LifecycleHookFunction";
    static final String EVENTS = "lifecycle-hook";
    static final String LAUNCH_HOOK = "Buddy-Launch-Hook";
    static final String TERMINATE_HOOK = "Buddy-Terminate-Hook";
    static final String READY = "cloud-init: done\napache: HTTP 200 on /health.html (expected 200)\nefs: /mnt/efs mounted\nREADY";
    static final String BOOTING = "cloud-init: running\napache: HTTP 000 on /health.html (expected 200)\nefs: /mnt/efs not mounted\n"
            + "NOT READY: cloud-init is running";

    private LifecycleSteps() {
    }

    static String lifecycleState(DrillContext context, String instanceId) {
        return context.aws().autoScaling().describeAutoScalingInstances(b -> b.instanceIds(instanceId)).autoScalingInstances()
                .stream().findFirst().map(i -> i.lifecycleState()).orElse("gone");
    }

    /** The answer the invocation gave, if it gave one: CONTINUE or ABANDON. */
    static String answer(FunctionInvoker.Invocation invocation) {
        for (Map<String, Object> action : invocation.plan()) {
            if ("CompleteLifecycleAction".equals(action.get("action"))) {
                return String.valueOf(action.get("after"));
            }
        }
        return null;
    }

    /** Delivers the function's re-checks until it answers (a few rounds at most); returns the answering round. */
    static FunctionInvoker.Invocation recheckUntilAnswered(DrillContext context, int rounds) {
        FunctionInvoker.Invocation last = null;
        for (int round = 0; round < rounds; round++) {
            last = context.awsPart().recheckArrives(context, FUNCTION);
            if (answer(last) != null) {
                return last;
            }
        }
        return last;
    }

    static List<String> functions() {
        return List.of(FUNCTION);
    }
}
