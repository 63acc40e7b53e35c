package link.buddyverse.ops.cli.preflight;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.cli.sandbox.SandboxStacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops preflight}: before or after a deploy, what would fail, each with its fix; exit 1 on any finding. */
@Command(name = "preflight",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {"Check the two stacks where they run (a sandbox or an account) for what would fail, each with its fix:"
                + " every web server is an SSM managed node; every alarm's dimensions name something that has data; the"
                + " private zone, the read record and the SSM parameters exist; the Slack bot token authenticates with the"
                + " scopes the notifier needs; the dead-letter queues are empty; the functions' core values match the core"
                + " stack's exports. Read-only.",
                "",
                "Exit status: 0 nothing found, 1 findings (each printed with its fix), 2 setup error."},
        footerHeading = "%nExamples:%n",
        footer = {"  eval \"$(./ops sandbox up)\" && ./ops preflight -n .ops/sandbox/env.json",
                "  ./ops preflight --profile buddyverse --region ap-northeast-2"})
public class PreflightCommand implements Callable<Integer> {

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--env-vars"}, paramLabel = "FILE",
            description = "The functions' variables as deployed (sam's env-vars JSON, e.g. .ops/sandbox/env.json), compared with the core stack's exports.")
    String envVars;

    @Option(names = "--endpoint", paramLabel = "URL", description = "An AWS endpoint (the sandbox's). Default: AWS_ENDPOINT_URL; none: the account of --profile.")
    String endpoint;

    @Option(names = "--profile", paramLabel = "NAME", description = "The AWS profile of the account (without --endpoint). Default: the SDK's chain.")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "Default: AWS_REGION, else " + StackContext.DEFAULT_REGION + ".")
    String region;

    @Option(names = "--core-stack", paramLabel = "NAME", defaultValue = SandboxStacks.CORE_STACK, description = "Default: ${DEFAULT-VALUE}.")
    String coreStack;

    @Option(names = "--ops-stack", paramLabel = "NAME", defaultValue = SandboxStacks.OPS_STACK, description = "Default: ${DEFAULT-VALUE}.")
    String opsStack;

    @Option(names = "--slack-token", paramLabel = "TOKEN",
            description = "The bot token to check. Default: SLACK_BOT_TOKEN, else the one in the ops stack's SlackSecretArn secret.")
    String slackToken;

    @Option(names = "--slack-api-url", paramLabel = "URL", description = "Default: SLACK_API_URL, else https://slack.com/api/.")
    String slackApiUrl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String url = endpoint != null ? endpoint : ops.environment().get("AWS_ENDPOINT_URL");
        String where = region != null ? region : ops.environment().getOrDefault("AWS_REGION", StackContext.DEFAULT_REGION);
        Path env = envVars == null ? null : ops.layout().userPath(envVars);
        if (env != null && !Files.isRegularFile(env)) {
            err.println("ops: no env-vars file " + env + " (is a sandbox up? eval \"$(./ops sandbox up)\")");
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        Preflight preflight;
        try (PreflightClients clients = new PreflightClients(url == null || url.isBlank() ? null : URI.create(url), profile, where)) {
            preflight = new Preflight(clients, coreStack, opsStack);
            if (preflight.stacks()) {
                preflight.managedNodes();
                preflight.alarmDimensions();
                preflight.zoneRecordAndParameters();
                preflight.slack(slackToken != null ? slackToken : ops.environment().get("SLACK_BOT_TOKEN"),
                        slackApiUrl != null ? slackApiUrl : ops.environment().getOrDefault("SLACK_API_URL", "https://slack.com/api/"));
                preflight.deadLetters();
                preflight.functionParameters(ops.layout().root().resolve("template.yaml"), env,
                        clients.sandbox() ? StackContext.LOCAL_ACCOUNT_ID : "unknown");
            }
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            err.println("ops: preflight could not read " + (url == null ? "the account" : url) + ": " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
        preflight.passed().forEach(line -> out.println("ok    " + line));
        for (Finding finding : preflight.findings()) {
            out.println("FOUND " + finding.check() + ": " + finding.problem());
            out.println("      fix: " + finding.fix());
        }
        out.println(preflight.findings().isEmpty() ? "preflight: nothing found" : "preflight: " + preflight.findings().size() + " finding(s)");
        out.flush();
        return preflight.findings().isEmpty() ? 0 : 1;
    }
}
