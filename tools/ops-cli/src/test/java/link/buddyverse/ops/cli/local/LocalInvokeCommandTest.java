package link.buddyverse.ops.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.OpsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./ops local invoke` refusing to start, with no AWS at all: each case costs about a second and prints one
 * sentence (or, for an event that is not JSON, Lambda's own answer), never a stack trace.
 */
class LocalInvokeCommandTest {

    static final Path PROJECT = Path.of("../..").toAbsolutePath().normalize();
    static final String TEMPLATE = PROJECT.resolve("template.yaml").toString();
    static final String CPU_HIGH = PROJECT.resolve("events/scaling-tuner/cpu-high-alarm.json").toString();

    @TempDir
    Path home;

    private CliRun invoke(Map<String, String> environment, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "local";
        command[1] = "invoke";
        System.arraycopy(args, 0, command, 2, args.length);
        return CliRun.of(new OpsCli(environment), command);
    }

    @Test
    void anUnreachableEndpointFailsFastWithExit2AndOneSentence() {
        int port = CliRun.closedLoopbackPort();

        CliRun run = invoke(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port, "HOME", home.toString()),
                "ScalingTunerFunction", "-e", CPU_HIGH, "-t", TEMPLATE);

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("ops: No AWS endpoint answers at http://127.0.0.1:" + port
                + " (AWS_ENDPOINT_URL): start one with 'moto_server -H 127.0.0.1 -p " + port
                + "' or unset AWS_ENDPOINT_URL to use your AWS account.");
        assertThat(run.millis()).isLessThan(5_000);
    }

    @Test
    void noEndpointAndNoCredentialsFailsFastWithExit2() {
        CliRun run = invoke(Map.of("HOME", home.toString()), "ScalingTunerFunction", "-e", CPU_HIGH, "-t", TEMPLATE);

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.err()).contains("No AWS endpoint: set AWS_ENDPOINT_URL=http://127.0.0.1:4566 to use a local"
                + " moto_server (moto_server -H 127.0.0.1 -p 4566), or configure AWS credentials.");
    }

    @Test
    void anEventThatIsNotJsonGetsLambdasInvalidRequestErrorAndExit1() throws IOException {
        Path event = Files.writeString(home.resolve("not-json.json"), "ALARM Buddy-CPU-High\n");

        CliRun run = invoke(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + CliRun.closedLoopbackPort()),
                "ScalingTunerFunction", "-e", event.toString(), "-t", TEMPLATE);

        assertThat(run.exitCode()).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(run.json())
                .containsEntry("errorType", "InvalidRequestContentException")
                .hasEntrySatisfying("errorMessage", message -> assertThat((String) message)
                        .startsWith("Could not parse request body into json: " + event)
                        .contains("line 1"));
    }

    @Test
    void anUnknownFunctionIsRejectedWithTheTemplatesFunctions() {
        CliRun run = invoke(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), "ScalingTuner", "-e", CPU_HIGH, "-t", TEMPLATE);

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.err()).contains("ScalingTuner is not a function of template.yaml").contains("ScalingTunerFunction");
    }

    @Test
    void aMissingEventFileIsNamed() {
        CliRun run = invoke(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
                "ScalingTunerFunction", "-e", "no/such/event.json", "-t", TEMPLATE);

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.err()).contains("--event").contains("no/such/event.json").contains("no such file");
    }

    @Test
    void helpExplainsEveryCommand() {
        CliRun top = CliRun.of(new OpsCli(Map.of()), "--help");
        CliRun local = CliRun.of(new OpsCli(Map.of()), "local", "--help");
        CliRun invoke = CliRun.of(new OpsCli(Map.of()), "local", "invoke", "--help");

        assertThat(top.out()).contains("local", "bench", "help");
        assertThat(local.out()).contains("invoke");
        assertThat(invoke.out()).contains("--event", "--env-vars", "--parameter-overrides", "--dry-run", "--template",
                "AWS_ENDPOINT_URL", "Exit status");
    }
}
