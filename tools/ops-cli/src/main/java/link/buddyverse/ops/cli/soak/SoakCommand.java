package link.buddyverse.ops.cli.soak;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.sam.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops soak}: issue 20's soak of ScalingTunerFunction, in a sandbox of its own. */
@Command(name = "soak",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Soak ScalingTunerFunction as Lambda would run it under load, in a sandbox of its own (moto behind the local-aws"
                        + " gateway, both stacks deployed) with its cooldown at 0 so that events on the group collide: its"
                        + " deployment jar under Lambda's runtime interface client in warm containers, a mixed stream of scaling"
                        + " events (CPU-high / CPU-low alarms with fresh times and their alarms set to match, CPU-high back to OK,"
                        + " unhealthy hosts, schedule ticks) sent by several senders at once, some to two containers at the same"
                        + " moment, DynamoDB and Auto Scaling throttling and failing through the gateway for the middle of the"
                        + " stream, and each failed delivery retried later as Lambda's async invoke does (after the retry delay,"
                        + " then twice it; two retries at most).",
                "Then it checks: no event id changed the group twice (applied outcomes per event id, held against the"
                        + " SetDesiredCapacity / UpdateAutoScalingGroup calls the gateway recorded), every event applied once or"
                        + " ended skipped, superseded or no-action with its reason (a failed one is lost: a finding), the group"
                        + " always within its bounds.",
                ""},
        footerHeading = "%n",
        footer = {"Logs: target/soak/logs/container-<n>.log (the functions' JSON lines carry the request ids the findings name).",
                "Exit status: 0 no finding, 1 findings (listed), 2 nothing ran (setup)."})
public class SoakCommand implements Callable<Integer> {

    static final int FINDINGS = 1;

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Events in the stream (default: ${DEFAULT-VALUE}).")
    int events = 600;

    @Option(names = "--containers", paramLabel = "N", description = "Warm containers of the function (default: ${DEFAULT-VALUE}).")
    int containers = 3;

    @Option(names = "--senders", paramLabel = "N", description = "Senders delivering events at once (default: ${DEFAULT-VALUE}).")
    int senders = 4;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the stream, the choice of containers and the faults (default: ${DEFAULT-VALUE}).")
    long seed = 20;

    @Option(names = "--retry-delay", paramLabel = "SECONDS",
            description = "Delay before the first retry of a failed delivery; the second comes twice as late (Lambda: about 1 and 2"
                    + " minutes; default: ${DEFAULT-VALUE}).")
    double retryDelaySeconds = 61;

    @Option(names = "--fault-seconds", paramLabel = "SECONDS",
            description = "How long the faults last at most, from the event at 30% of the stream (they end at the one at 60% if"
                    + " that comes first; default: ${DEFAULT-VALUE}).")
    int faultSeconds = 60;

    @Option(names = "--no-faults", description = "No faults through the gateway.")
    boolean noFaults;

    @Option(names = "--json", description = "Print the figures and findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (events < 1 || containers < 1 || senders < 1 || retryDelaySeconds < 0) {
            err.println("ops: --events, --containers and --senders must be at least 1, --retry-delay at least 0");
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        Soak.Run run;
        try {
            MotoProcess.locate(ops.environment().get("PATH"));
            Soak.Options options = new Soak.Options(events, containers, senders, seed,
                    Duration.ofMillis(Math.round(retryDelaySeconds * 1000)), !noFaults, Duration.ofSeconds(faultSeconds));
            run = new Soak(ops.layout(), ops.environment(), ops.layout().root().resolve("target/soak"), err).run(options);
        } catch (SetupException | TemplateException | MotoProcess.Unavailable e) {
            err.println("ops: " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        if (json) {
            out.println(SoakReport.jsonText(run));
            out.flush();
        } else {
            SoakReport.print(run, out);
        }
        return run.verdict().passed() ? 0 : FINDINGS;
    }
}
