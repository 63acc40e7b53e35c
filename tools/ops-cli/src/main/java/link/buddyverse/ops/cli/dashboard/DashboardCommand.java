package link.buddyverse.ops.cli.dashboard;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops dashboard}: what DashboardSyncFunction would write, seen before it is written. */
@Command(name = "dashboard",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = "The CloudWatch dashboards DashboardSyncFunction keeps in step with the stack.",
        commandListHeading = "%nCommands:%n",
        subcommands = {DashboardCommand.Preview.class})
public class DashboardCommand implements Callable<Integer> {

    static final String FUNCTION = "DashboardSyncFunction";

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code ./ops dashboard preview}: runs DashboardSyncFunction in dry-run (through {@code ./ops local invoke}, so the
     * real handler against the sandbox) and writes the bodies it would write and an offline HTML preview of each.
     */
    @Command(name = "preview", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Render the dashboards for the stack as it is now (DashboardSyncFunction in dry-run) and write"
                    + " <name>.json, <name>.html and index.html, an offline preview with sample lines from the sandbox's metrics.",
                    "", "  eval \"$(./ops sandbox up)\" && ./ops dashboard preview"})
    static class Preview implements Callable<Integer> {

        @ParentCommand
        DashboardCommand dashboard;

        @Spec
        CommandSpec spec;

        @Option(names = {"-n", "--env-vars"}, paramLabel = "FILE",
                description = "sam's env-vars JSON for the function. Default: .ops/sandbox/env.json when a sandbox is up.")
        String envVars;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write. Default: target/dashboard-preview.")
        String output;

        @Override
        public Integer call() {
            OpsCli ops = dashboard.ops;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path root = ops.layout().root();
            Path env = envVars != null ? ops.layout().userPath(envVars) : root.resolve(".ops/sandbox/env.json");
            String endpoint = ops.environment().get("AWS_ENDPOINT_URL");
            if (endpoint == null || endpoint.isBlank()) {
                err.println("ops: no AWS_ENDPOINT_URL: start a sandbox first (eval \"$(./ops sandbox up)\"); a preview never"
                        + " reads a real account");
                err.flush();
                return OpsCli.SETUP_ERROR;
            }
            List<DashboardPreview.Dashboard> dashboards;
            try {
                dashboards = render(ops, root, Files.exists(env) ? env : null);
            } catch (IllegalStateException e) {
                err.println("ops: " + e.getMessage());
                err.flush();
                return OpsCli.FUNCTION_ERROR;
            }
            Path directory = output != null ? ops.layout().userPath(output) : root.resolve("target/dashboard-preview");
            try (SandboxClients aws = new SandboxClients(URI.create(endpoint),
                    ops.environment().getOrDefault("AWS_REGION", "ap-northeast-2"))) {
                for (Path file : DashboardPreview.write(directory, dashboards, new CloudWatchMetricData(aws.cloudWatch()))) {
                    out.println(file);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The bodies DashboardSyncFunction would write now: its dry-run result's detail. */
    @SuppressWarnings("unchecked")
    public static List<DashboardPreview.Dashboard> render(OpsCli ops, Path root, Path envVars) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("local", "invoke", FUNCTION, "--dry-run",
                "-e", root.resolve("events/dashboard-sync/hourly-sync.json").toString(),
                "-t", root.resolve("template.yaml").toString()));
        if (envVars != null) {
            args.addAll(List.of("-n", envVars.toString()));
        }
        int exit = OpsCli.commandLine(new OpsCli(ops.environment(), ops.layout())).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        try {
            Map<String, Object> result = (Map<String, Object>) Json.parse(out.toString());
            Map<String, Object> detail = (Map<String, Object>) result.get("detail");
            List<DashboardPreview.Dashboard> dashboards = new ArrayList<>();
            for (Map<String, Object> view : (List<Map<String, Object>>) detail.get("dashboards")) {
                dashboards.add(new DashboardPreview.Dashboard(String.valueOf(view.get("name")), String.valueOf(view.get("body"))));
            }
            return dashboards;
        } catch (Json.MalformedJsonException | RuntimeException e) {
            List<String> logs = err.toString().lines().toList();
            throw new IllegalStateException(FUNCTION + " did not render (exit " + exit + "): " + out.toString().strip() + "\n"
                    + String.join("\n", logs.subList(Math.max(0, logs.size() - 10), logs.size())));
        }
    }
}
