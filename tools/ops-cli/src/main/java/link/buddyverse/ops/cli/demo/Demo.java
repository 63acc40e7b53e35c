package link.buddyverse.ops.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.sam.EventRouting;
import link.buddyverse.ops.sam.SamTemplate;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.cli.sandbox.Sandbox;
import link.buddyverse.ops.cli.sandbox.SandboxStacks;

/**
 * Runs drills against a sandbox of its own (moto_server on a free port, stopped at the end): deploys the stacks,
 * runs each drill in turn, and collects the results. A failed drill leaves the sandbox in an unknown state, so
 * the sandbox is deployed afresh before the next one.
 */
public final class Demo {

    /** What the demo did. */
    public record Run(List<DrillResult> results, Timeline timeline, long millis, List<String> fills, int invocations) {

        public boolean passed() {
            return results.stream().noneMatch(r -> r.outcome() == DrillResult.Outcome.FAILED);
        }
    }

    /** The function's settings the drills run with, and why. */
    public static final Map<String, String> DEMO_OVERRIDES = Map.of("SCALING_COOLDOWN_SECONDS", "0",
            "REPLICA_RECOVERY_HOLD_SECONDS", String.valueOf(ReplicaLagDrill.HOLD_SECONDS));

    private Demo() {
    }

    /** Starts a sandbox of its own, deploys the stacks, runs the drills, and stops the sandbox. */
    public static Run run(ProjectLayout layout, Map<String, String> environment, List<Drill> drills, Timeline timeline, Path workDir,
                          Map<String, String> functionOverrides) {
        timeline.beginDrill("Sandbox");
        timeline.add(Kind.DRILL, "Sandbox: moto_server on 127.0.0.1, core/template.yaml and template.yaml's state deployed through CloudFormation");
        try (Sandbox sandbox = Sandbox.start(environment, workDir.resolve("sandbox"))) {
            SandboxStacks stacks = sandbox.deploy(layout.root());
            List<String> fills = new ArrayList<>(stacks.core().fills());
            fills.addAll(stacks.ops().fills());
            timeline.add(Kind.NOTE, "sandbox on " + sandbox.endpoint() + ": " + SandboxStacks.CORE_STACK + " ("
                    + stacks.core().physicalIds().size() + " resources) and " + SandboxStacks.OPS_STACK + " ("
                    + String.join(", ", stacks.opsState().kept()) + "); what moto's CloudFormation could not do, the sandbox did:", fills);
            return runDrills(sandbox, layout, environment, drills, timeline, workDir, functionOverrides);
        }
    }

    /**
     * Runs the drills against a deployed sandbox, in turn; after a failed drill the sandbox is deployed afresh.
     *
     * @param functionOverrides function variables set for the demo on top of template.yaml's (see {@link #DEMO_OVERRIDES})
     */
    public static Run runDrills(Sandbox sandbox, ProjectLayout layout, Map<String, String> environment, List<Drill> drills,
                                Timeline timeline, Path workDir, Map<String, String> functionOverrides) {
        List<String> fills = new ArrayList<>(sandbox.stacks().core().fills());
        fills.addAll(sandbox.stacks().ops().fills());
        Path envVars = sandbox.writeEnvVars("demo-env.json", functionOverrides);
        Map<String, String> cliEnvironment = new LinkedHashMap<>();
        cliEnvironment.put("PATH", environment.getOrDefault("PATH", "/usr/bin:/bin"));
        cliEnvironment.put("HOME", environment.getOrDefault("HOME", System.getProperty("user.home")));
        cliEnvironment.putAll(sandbox.awsEnvironment());
        try (FunctionInvoker invoker = new FunctionInvoker(layout, cliEnvironment, envVars, workDir.resolve("events"))) {
            invoker.startEagerly(functionsOf(drills));
            return runDrills(sandbox, layout, drills, timeline, functionOverrides, invoker, fills);
        }
    }

    private static Run runDrills(Sandbox sandbox, ProjectLayout layout, List<Drill> drills, Timeline timeline,
                                 Map<String, String> functionOverrides, FunctionInvoker invoker, List<String> fills) {
        List<DrillResult> results = new ArrayList<>();
        int invocations = 0;
        Set<String> functions = new LinkedHashSet<>(SamTemplate.load(layout.root().resolve("template.yaml")).functionIds());
        SampleEventShapes events = new SampleEventShapes(layout.root().resolve("events"));
        EventRouting routing = EventRouting.of(SamTemplate.load(layout.root().resolve("template.yaml")),
                StackContext.local(Sandbox.REGION));

        for (Drill drill : drills) {
            timeline.beginDrill(drill.title());
            timeline.add(Kind.DRILL, drill.title() + " (the owners " + drill.owners() + ")");
            long start = timeline.elapsedMillis();
            List<String> missing = drill.functions().stream().filter(f -> !functions.contains(f)).toList();
            if (!missing.isEmpty()) {
                String why = String.join(", ", missing) + " not in template.yaml";
                timeline.add(Kind.PENDING, why);
                results.add(new DrillResult(drill.id(), drill.title(), DrillResult.Outcome.PENDING, why, 0, 0));
                continue;
            }
            AwsPart awsPart = new AwsPart(timeline, sandbox.clients(), sandbox.control(), events);
            DrillContext context = new DrillContext(timeline, sandbox.clients(), invoker, awsPart,
                    new EventBridgePart(timeline, routing, sandbox.gateway().calls()), sandbox.slack(),
                    sandbox.stacks().core().outputs(), functions);
            DrillResult.Outcome outcome;
            String summary;
            try {
                drill.run(context);
                context.tellsTheStoryInSlack();
                boolean pending = drill instanceof PendingDrill;
                outcome = pending ? DrillResult.Outcome.PENDING : DrillResult.Outcome.PASSED;
                summary = pending ? "waits for " + ((PendingDrill) drill).awaits()
                        : checks(timeline, drill.title()) + " expected effects seen";
            } catch (DrillFailed e) {
                outcome = DrillResult.Outcome.FAILED;
                summary = e.getMessage();
            } catch (RuntimeException e) {
                outcome = DrillResult.Outcome.FAILED;
                summary = "the drill broke: " + e;
                timeline.add(Kind.FAIL, summary);
            }
            invocations += context.invocations();
            results.add(new DrillResult(drill.id(), drill.title(), outcome, summary, timeline.elapsedMillis() - start,
                    context.invocations()));
            if (outcome == DrillResult.Outcome.FAILED && drill != drills.get(drills.size() - 1)) {
                sandbox.reset(layout.root());
                sandbox.writeEnvVars("demo-env.json", functionOverrides);
                invoker.recycle();
                invoker.startEagerly(functionsOf(drills));
                timeline.add(Kind.NOTE, "sandbox deployed afresh for the next drill");
            }
        }
        List<String> notReplayed = new ArrayList<>(functions);
        drills.forEach(drill -> notReplayed.removeAll(drill.functions()));
        if (!notReplayed.isEmpty()) {
            timeline.beginDrill("Not replayed");
            timeline.add(Kind.NOTE, "in template.yaml but in no drill yet, so not invoked by this demo: " + String.join(", ", notReplayed)
                    + " (a function adds its drills to Drills.all())");
        }
        return new Run(results, timeline, timeline.elapsedMillis(), fills, invocations);
    }

    /** The functions the drills run, once each, in drill order. */
    private static List<String> functionsOf(List<Drill> drills) {
        return drills.stream().flatMap(d -> d.functions().stream()).distinct().toList();
    }

    private static long checks(Timeline timeline, String drill) {
        return timeline.entries().stream().filter(e -> e.drill().equals(drill) && e.kind() == Kind.PASS).count();
    }
}
