package link.buddyverse.ops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.bench.BenchCommand;
import link.buddyverse.ops.cli.dashboard.DashboardCommand;
import link.buddyverse.ops.cli.demo.DemoCommand;
import link.buddyverse.ops.cli.local.LocalCommand;
import link.buddyverse.ops.cli.preflight.PreflightCommand;
import link.buddyverse.ops.cli.sandbox.SandboxCommand;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.sam.TemplateException;
import link.buddyverse.ops.cli.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops}: the buddyverse-ops command line. Commands take the process environment from here, so that
 * tests can hand them exactly the environment they mean ({@link #OpsCli(Map)}).
 */
@Command(name = "ops",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = OpsCli.Version.class,
        description = {
                "The buddyverse-ops command line: run the ops functions on this machine, against a sandbox of the stack, and measure them.",
                ""},
        commandListHeading = "%nCommands:%n",
        subcommands = {LocalCommand.class, SandboxCommand.class, DemoCommand.class, SoakCommand.class, BenchCommand.class,
                DashboardCommand.class, PreflightCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Examples:",
                "  ./ops demo                        # see it work: the owners' drills, replayed",
                "  eval \"$(./ops sandbox up)\"        # the whole stack in moto, for local invoke -n .ops/sandbox/env.json",
                "  moto_server -H 127.0.0.1 -p 4566 &",
                "  export AWS_ENDPOINT_URL=http://127.0.0.1:4566",
                "  ./ops local invoke ScalingTunerFunction \\",
                "      -e events/scaling-tuner/cpu-high-alarm.json --dry-run",
                "  ./ops local invoke --help",
                "  ./ops soak --events 100 --retry-delay 5   # races, duplicates, faults, late retries: nothing twice, none lost",
                "  ./ops bench --json",
                "  ./ops dashboard preview           # with a sandbox up: the dashboards as DashboardSyncFunction renders them",
                "  ./ops preflight -n .ops/sandbox/env.json   # what would fail, each with its fix (--profile P: an account)",
                "",
                "./ops builds the project with ./mvnw on first use and whenever sources are newer than the jars.",
                "Exit status: 0 success, 1 the function failed (its error JSON is on stdout), 2 usage or setup error."})
public class OpsCli implements Callable<Integer> {

    /** The function failed; stdout carries Lambda's error JSON. */
    public static final int FUNCTION_ERROR = 1;
    /** Nothing ran: bad usage, a template that does not resolve, no AWS endpoint, a jar not built. */
    public static final int SETUP_ERROR = 2;

    private final Map<String, String> environment;
    private final ProjectLayout layout;

    @Spec
    CommandSpec spec;

    /** The real process: its environment, with the AWS SDK's system properties ({@code aws.endpointUrl}...) as fallback. */
    public OpsCli() {
        this(withAwsSystemProperties(System.getenv()), ProjectLayout.detect());
    }

    /** Exactly this environment, e.g. {@code Map.of("AWS_ENDPOINT_URL", moto.endpoint())} in a test. */
    public OpsCli(Map<String, String> environment) {
        this(environment, ProjectLayout.detect());
    }

    public OpsCli(Map<String, String> environment, ProjectLayout layout) {
        this.environment = Map.copyOf(environment);
        this.layout = layout;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new OpsCli()).execute(args));
    }

    /**
     * The command line of {@code cli}. A template that cannot be read or resolved (sam-template's
     * {@link TemplateException}) and a moto_server that is missing or will not start (local-aws's
     * {@link MotoProcess.Unavailable}) are setup errors whichever command met them: the message, exit
     * {@link #SETUP_ERROR}.
     */
    public static CommandLine commandLine(OpsCli cli) {
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof TemplateException || e instanceof MotoProcess.Unavailable)) {
                throw e;
            }
            line.getErr().println("ops: " + e.getMessage());
            line.getErr().flush();
            return SETUP_ERROR;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public ProjectLayout layout() {
        return layout;
    }

    public Path home() {
        String home = environment.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /**
     * The SDK reads {@code aws.endpointUrl}, {@code aws.region} and credentials from system properties too
     * (tests set them, MotoExtension among them); the child JVM only gets environment variables, so those
     * become variables here when the environment does not already set them.
     */
    static Map<String, String> withAwsSystemProperties(Map<String, String> environment) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        Map<String, String> properties = Map.of(
                "aws.endpointUrl", "AWS_ENDPOINT_URL",
                "aws.region", "AWS_REGION",
                "aws.accessKeyId", "AWS_ACCESS_KEY_ID",
                "aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY",
                "aws.sessionToken", "AWS_SESSION_TOKEN");
        properties.forEach((property, variable) -> {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                merged.putIfAbsent(variable, value);
            }
        });
        return merged;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = OpsCli.class.getResourceAsStream("/META-INF/maven/link.buddyverse.ops/ops-cli/pom.properties")) {
                if (in == null) {
                    return new String[] {"ops (buddyverse-ops, development build)"};
                }
                Properties properties = new Properties();
                properties.load(in);
                return new String[] {"ops (buddyverse-ops " + properties.getProperty("version") + ")"};
            }
        }
    }
}
