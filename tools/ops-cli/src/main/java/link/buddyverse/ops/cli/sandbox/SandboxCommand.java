package link.buddyverse.ops.cli.sandbox;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.sam.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops sandbox up|status|down}: the Buddyverse stack in moto on this machine, for the functions to act on. */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "The Buddyverse core stack (core/template.yaml) and the ops stack's state (template.yaml without its functions),"
                        + " deployed through CloudFormation into moto_server on 127.0.0.1: an AWS to run the functions against,"
                        + " with no account and no Docker.",
                "Where moto cannot take a resource or a call, the sandbox fills exactly that gap (local-aws/README.md lists them)."},
        commandListHeading = "%nCommands:%n",
        subcommands = {SandboxCommand.Up.class, SandboxCommand.Status.class, SandboxCommand.Down.class, FaultCommand.class},
        footerHeading = "%n",
        footer = {
                "Examples:",
                "  eval \"$(./ops sandbox up)\"",
                "  ./ops local invoke ScalingTunerFunction -e events/scaling-tuner/cpu-high-alarm.json -n .ops/sandbox/env.json",
                "  ./ops sandbox status",
                "  ./ops sandbox fault autoscaling SetDesiredCapacity --throttle --next 3",
                "  ./ops sandbox down"})
public class SandboxCommand implements Callable<Integer> {

    public static final int DEFAULT_PORT = 4566;
    /** Where the sandbox keeps its state, logs and env-vars file; default .ops/sandbox in the project. */
    public static final String STATE_DIR_VARIABLE = "OPS_SANDBOX_DIR";

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    Path stateDir() {
        String declared = ops.environment().get(STATE_DIR_VARIABLE);
        return declared != null && !declared.isBlank() ? Path.of(declared).toAbsolutePath()
                : ops.layout().root().resolve(".ops/sandbox");
    }

    static void printExports(PrintWriter out, SandboxState state) {
        Sandbox.awsEnvironment(DetachedSandbox.endpoint(state), state.region())
                .forEach((name, value) -> out.println("export " + name + "=" + value));
        // IncidentNotifierFunction takes these from the shell too (template.yaml declares them): it posts to the stand-in.
        Sandbox.slackEnvironment(state.slackApiUrl(), SlackStandIn.TOKEN)
                .forEach((name, value) -> out.println("export " + name + "=" + value));
        out.flush();
    }

    @Command(name = "up", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Start moto_server and deploy the core stack and the ops stack's state into it; print the"
                    + " environment to export (eval \"$(./ops sandbox up)\"). On a running sandbox: changes nothing."})
    static class Up implements Callable<Integer> {

        @ParentCommand
        SandboxCommand sandbox;

        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
                description = "The loopback port of the sandbox's endpoint (AWS_ENDPOINT_URL). Default: ${DEFAULT-VALUE}.")
        int port;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path stateDir = sandbox.stateDir();
            try {
                Optional<SandboxState> running = DetachedSandbox.running(stateDir);
                if (running.isPresent()) {
                    SandboxState state = running.get();
                    err.println("ops: a sandbox is already running on 127.0.0.1:" + state.port() + " (since " + state.startedAt()
                            + "): nothing to do" + (state.port() == port ? "" : "; './ops sandbox down' first to move it to port " + port));
                    err.flush();
                    printExports(out, state);
                    return 0;
                }
                SandboxState.read(stateDir).ifPresent(stale -> DetachedSandbox.stop(stale, stateDir));
                SandboxState state = DetachedSandbox.start(sandbox.ops.environment(), stateDir, port, sandbox.ops.layout().root(), err);
                if (!state.skipped().isEmpty()) {
                    err.println("ops: warning: moto skipped, and the sandbox has no fill for: " + String.join(", ", state.skipped()));
                }
                err.println("ops: sandbox up. Export its environment (eval \"$(./ops sandbox up)\" does), then run a function"
                        + " against it:");
                err.println("  ./ops local invoke ScalingTunerFunction -e events/scaling-tuner/cpu-high-alarm.json -n "
                        + sandbox.ops.layout().root().relativize(Path.of(state.envVarsFile())));
                err.println("  ./ops local invoke IncidentNotifierFunction -e events/incident-notifier/alarm-cpu-high.json"
                        + "   (posts to the Slack stand-in at " + state.slackApiUrl() + ")");
                err.flush();
                printExports(out, state);
                return 0;
            } catch (SetupException | TemplateException | MotoProcess.Unavailable e) {
                err.println("ops: " + e.getMessage());
                err.flush();
                return OpsCli.SETUP_ERROR;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Say whether the sandbox runs, and what it holds now (group, targets, databases, alarms, the gaps filled).")
    static class Status implements Callable<Integer> {

        @ParentCommand
        SandboxCommand sandbox;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<SandboxState> running = DetachedSandbox.running(sandbox.stateDir());
            if (running.isEmpty()) {
                out.println("No sandbox is running (start one with ./ops sandbox up).");
                out.flush();
                return 1;
            }
            SandboxState state = running.get();
            out.println("Sandbox on " + DetachedSandbox.endpoint(state) + " (" + state.region() + "), since " + state.startedAt());
            out.println("  moto_server pid " + state.motoPid() + " on 127.0.0.1:" + state.motoPort() + ", gateway pid " + state.gatewayPid());
            out.println("  Slack stand-in pid " + state.slackPid() + ": SLACK_API_URL=" + state.slackApiUrl());
            out.println("  env-vars for ./ops local invoke -n: " + state.envVarsFile());
            try (SandboxClients clients = new SandboxClients(DetachedSandbox.endpoint(state), state.region())) {
                SandboxReadout.lines(clients, state.coreOutputs()).forEach(line -> out.println("  " + line));
            } catch (RuntimeException e) {
                out.println("  (could not read the stack back: " + e.getMessage() + ")");
            }
            out.println("Gaps of moto the sandbox filled:");
            state.fills().forEach(line -> out.println("  - " + line));
            if (!state.skipped().isEmpty()) {
                out.println("Skipped by moto, not filled: " + String.join(", ", state.skipped()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Stop the sandbox: the moto_server and the gateway that 'up' started, nothing else.")
    static class Down implements Callable<Integer> {

        @ParentCommand
        SandboxCommand sandbox;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path stateDir = sandbox.stateDir();
            Optional<SandboxState> state = SandboxState.read(stateDir);
            if (state.isEmpty()) {
                err.println("ops: no sandbox is running: nothing to stop");
                err.flush();
                return 0;
            }
            List<String> stopped = DetachedSandbox.stop(state.get(), stateDir);
            err.println(stopped.isEmpty() ? "ops: the sandbox's processes had ended already; forgot it"
                    : "ops: stopped " + String.join(" and ", stopped));
            err.flush();
            return 0;
        }
    }
}
