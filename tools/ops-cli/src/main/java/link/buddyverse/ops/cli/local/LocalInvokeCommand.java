package link.buddyverse.ops.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.cli.sam.EnvVarsFile;
import link.buddyverse.ops.cli.sam.FunctionEnvironment;
import link.buddyverse.ops.sam.FunctionSpec;
import link.buddyverse.ops.cli.sam.ParameterOverrides;
import link.buddyverse.ops.sam.SamTemplate;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.locallambda.LambdaContainer;
import link.buddyverse.ops.locallambda.PlatformError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops local invoke}: {@code sam local invoke} without Docker. Reads the function from template.yaml,
 * checks that an AWS endpoint answers, and runs the handler once, cold, in a fresh JVM that stands in for
 * the Lambda container: local-lambda's {@link LambdaContainer}, the deployment jar under Lambda's runtime interface
 * client against a loopback Runtime API, as {@code sam local invoke} runs it in its container. stdout gets the result JSON alone; logs go to stderr.
 */
@Command(name = "invoke",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Invoke one function of template.yaml once, as 'sam local invoke' does, without Docker: its deployment jar"
                        + " runs under Lambda's runtime interface client in a fresh JVM, with the function's environment, memory"
                        + " and timeout, against a loopback Runtime API.",
                "The result JSON alone goes to stdout; the function's logs go to stderr. A function error prints Lambda's"
                        + " error JSON ({\"errorType\", \"errorMessage\", \"stackTrace\"}) and exits 1.",
                "",
                "AWS: with AWS_ENDPOINT_URL set (a local moto_server: moto_server -H 127.0.0.1 -p 4566), the function talks"
                        + " to it; at a loopback address the region defaults to ap-northeast-2, credentials to dummies, and the"
                        + " ops state table is created there when missing. Without AWS_ENDPOINT_URL it talks to your AWS"
                        + " account with your credentials.",
                ""},
        footerHeading = "%n",
        footer = {
                "Environment variables of the function, lowest precedence first: the template's Environment.Variables"
                        + " (Globals.Function merged), the same variable in your shell, the --env-vars file's \"Parameters\","
                        + " its section for the function, --dry-run. As with sam, only variables the template declares can be set.",
                "",
                "Examples:",
                "  ./ops local invoke ScalingTunerFunction \\",
                "      -e events/scaling-tuner/cpu-high-alarm.json",
                "  ./ops local invoke ScalingTunerFunction --dry-run \\",
                "      -e events/scaling-tuner/cpu-low-alarm.json",
                "  ./ops local invoke ScalingTunerFunction -e event.json -n env.json \\",
                "      --parameter-overrides ScaleStep=2 MaxSizeCeiling=6",
                "",
                "Exit status: 0 the function answered, 1 it failed or timed out (error JSON on stdout), 2 nothing ran"
                        + " (usage, template, endpoint or build problem; one sentence on stderr)."})
public class LocalInvokeCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    @ParentCommand
    LocalCommand local;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOGICAL_ID",
            description = "The function's logical id in the template, e.g. ScalingTunerFunction. May be left out when the"
                    + " template has one function.")
    String logicalId;

    @Option(names = {"-e", "--event"}, paramLabel = "FILE",
            description = "The event, a JSON file (relative to the current directory), e.g."
                    + " events/scaling-tuner/cpu-high-alarm.json; '-' reads it from stdin. Default: {}.")
    String event;

    @Option(names = {"-n", "--env-vars"}, paramLabel = "FILE",
            description = "sam's env-vars JSON: {\"Parameters\": {VAR: value} for every function, \"<LogicalId>\": {VAR: value}}.")
    String envVars;

    @Option(names = "--parameter-overrides", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "Template parameter values, as for sam: Key=Value ... (or ParameterKey=K,ParameterValue=V).")
    List<String> parameterOverrides = new ArrayList<>();

    @Option(names = "--dry-run",
            description = "Set OPS_DRY_RUN=true: the function plans and reports, and changes nothing.")
    boolean dryRun;

    @Option(names = {"-t", "--template", "--template-file"}, paramLabel = "FILE",
            description = "The SAM template. Default: template.yaml in the current directory, else the project's.")
    String template;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return invoke(out, err);
        } catch (SetupException e) {
            err.println("ops: " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
    }

    private int invoke(PrintWriter out, PrintWriter err) {
        OpsCli ops = local.ops();
        ProjectLayout layout = ops.layout();
        FunctionSetup setup = FunctionSetup.prepare(ops, template == null ? layout.defaultTemplate() : layout.userPath(template),
                logicalId, parameterOverrides, envVars == null ? null : existing(layout.userPath(envVars), "--env-vars"), dryRun, err);

        Path eventFile = eventFile(layout);
        try {
            String malformed = malformedEvent(eventFile);
            if (malformed != null) {
                // What Lambda's Invoke API answers for a payload that is not JSON; the function never starts.
                out.println(PlatformError.json("InvalidRequestContentException",
                        "Could not parse request body into json: " + malformed));
                out.flush();
                return OpsCli.FUNCTION_ERROR;
            }
            Path jar = setup.readyToRun(err);
            String requestId = UUID.randomUUID().toString();
            err.println("ops: invoking " + setup.describe());
            err.flush();
            return runOnce(setup.lambda(jar), requestId, eventFile, out, err);
        } finally {
            if (event == null || event.equals("-")) {
                deleteQuietly(eventFile);
            }
        }
    }

    /**
     * One cold container (local-lambda's: the jar under Lambda's runtime interface client), one invocation: the
     * answer or Lambda's error JSON on {@code out}, the container's logs line by line on {@code err}.
     */
    private static int runOnce(LambdaContainer.Function function, String requestId, Path eventFile, PrintWriter out, PrintWriter err) {
        byte[] event;
        try {
            event = Files.readAllBytes(eventFile);
        } catch (IOException e) {
            throw new SetupException("Could not read the event file " + eventFile + ": " + e.getMessage(), e);
        }
        LambdaContainer container = LambdaContainer.start(function, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        Thread killOnExit = new Thread(container::close, "ops-kill-container");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            LambdaContainer.Answer answer = container.invoke(requestId, event);
            out.println(answer.body());
            out.flush();
            return answer.answered() ? 0 : OpsCli.FUNCTION_ERROR;
        } finally {
            container.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /**
     * Lambda's container environment: the function's variables, then what Lambda itself sets, which the
     * function cannot override (region, credentials, AWS_LAMBDA_*); nothing else from this process.
     */
    static Map<String, String> containerEnvironment(FunctionSpec function, Map<String, String> functionEnvironment,
                                                    AwsTarget aws, Map<String, String> shell) {
        Map<String, String> container = new LinkedHashMap<>(functionEnvironment);
        container.put("PATH", shell.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        container.put("LANG", "en_US.UTF-8");
        container.put("TZ", ":UTC");
        container.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        container.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        container.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        container.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        container.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        container.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(LOG_STREAM_DATE) + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", ""));
        container.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        if (function.logFormat() != null) {
            container.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat());
        }
        container.putAll(aws.functionVariables());
        return container;
    }

    private Path eventFile(ProjectLayout layout) {
        try {
            if (event == null) {
                // sam local invoke without --event sends an empty object.
                return Files.writeString(Files.createTempFile("ops-event-", ".json"), "{}");
            }
            if (event.equals("-")) {
                Path file = Files.createTempFile("ops-event-", ".json");
                Files.write(file, System.in.readAllBytes());
                return file;
            }
            return existing(layout.userPath(event), "--event");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the event to a temporary file", e);
        }
    }

    /** Why the event is not one JSON document (with the file's name), or null when it is. */
    private static String malformedEvent(Path eventFile) {
        try {
            Json.parse(new String(Files.readAllBytes(eventFile), StandardCharsets.UTF_8));
            return null;
        } catch (Json.MalformedJsonException e) {
            return eventFile + ": " + e.getMessage();
        } catch (IOException e) {
            throw new SetupException("Could not read the event file " + eventFile + ": " + e.getMessage(), e);
        }
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new SetupException(option + " " + file + ": no such file");
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file of a few bytes
        }
    }
}
