package link.buddyverse.ops.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.sam.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops demo}: see it work. The owners' drills, replayed through the functions in a sandbox of the stack. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Replay the owners' drills (CPU stress, killed instance, stopped Apache, new and leaving instances, shared files,"
                        + " dashboards, lagging replica, EFS credit drain, an AZ outage) through the real function handlers, against"
                        + " the Buddyverse stack in a sandbox of its own (moto_server and a Slack stand-in on free loopback ports,"
                        + " stopped at the end). No AWS account, no Docker.",
                "Events reach the functions through template.yaml's EventBridge rules, IncidentNotifierFunction included: a"
                        + " drill that raises an alarm expects its Slack incident opened once, its actions threaded in order and"
                        + " resolved when the alarm clears.",
                "Prints the timeline as it goes (✉ marks each Slack notice), writes an HTML report with the group's capacity"
                        + " and what Slack showed after each drill, and exits 1 if any drill's expected effect did not happen."},
        footerHeading = "%n",
        footer = {"Examples:", "  ./ops demo", "  ./ops demo --drill stopped-apache", "  ./ops demo --list"})
public class DemoCommand implements Callable<Integer> {

    public static final int DRILL_FAILED = 1;

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Option(names = "--drill", paramLabel = "ID", description = "Run only this drill (repeatable); --list shows the ids.")
    List<String> only = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE", description = "Where to write the HTML report. Default: target/demo/report.html in the project.")
    String report;

    @Option(names = "--list", description = "List the drills and exit.")
    boolean list;

    @Option(names = "--no-color", description = "No colours in the terminal.")
    boolean noColor;

    @Option(names = "--dry-run", description = {"Run the functions in dry-run (OPS_DRY_RUN=true): they plan and change nothing,"
            + " so the drills fail. Shows that a drill checks the stack, not what a function says it did."})
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Drill> drills = Drills.all();
        if (list) {
            drills.forEach(d -> out.println(String.format(Locale.ROOT, "%-16s %s", d.id(), d.title())));
            out.flush();
            return 0;
        }
        List<Drill> chosen = new ArrayList<>();
        for (String id : only) {
            chosen.add(drills.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--drill " + id + ": no such drill; there are " + String.join(", ", drills.stream().map(Drill::id).toList()))));
        }
        if (chosen.isEmpty()) {
            chosen = drills;
        }
        ProjectLayout layout = ops.layout();
        try {
            MotoProcess.locate(ops.environment().get("PATH"));
        } catch (MotoProcess.Unavailable e) {
            err.println("ops: " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        out.println("buddyverse-ops demo: " + chosen.size() + " drill(s) replayed through the functions, against the stack in a"
                + " local sandbox (moto).");
        out.println("Legend: owners = what the owners did by hand; aws = AWS, as moto models it; aws's part = what AWS does by itself"
                + " that moto does not model, played by the drill; function = the real handler, invoked as ./ops local invoke does.");
        out.flush();
        boolean colour = !noColor && System.console() != null && !"dumb".equals(ops.environment().get("TERM"))
                && ops.environment().get("NO_COLOR") == null;
        Timeline timeline = new Timeline(new TerminalTimeline(out, colour));
        Path workDir = layout.root().resolve("target/demo");
        Demo.Run run;
        try {
            Map<String, String> overrides = new LinkedHashMap<>(Demo.DEMO_OVERRIDES);
            if (dryRun) {
                overrides.put("OPS_DRY_RUN", "true");
            }
            run = Demo.run(layout, ops.environment(), chosen, timeline, workDir, overrides);
        } catch (SetupException | TemplateException | MotoProcess.Unavailable e) {
            err.println("ops: " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        Path reportFile = report == null ? workDir.resolve("report.html") : layout.userPath(report);
        HtmlReport.write(reportFile, run);

        out.println();
        out.println("Drills:");
        for (DrillResult result : run.results()) {
            out.println(String.format(Locale.ROOT, "  %-8s %-44s %s", result.outcome().name().toLowerCase(Locale.ROOT), result.title(),
                    result.summary()));
        }
        out.println(String.format(Locale.ROOT, "%d function invocations; %.1f s in all. Report: %s", run.invocations(),
                run.millis() / 1000.0, layout.root().relativize(reportFile.toAbsolutePath())));
        out.flush();
        return run.passed() ? 0 : DRILL_FAILED;
    }
}
