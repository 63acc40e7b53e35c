package link.buddyverse.ops.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.local.fixtures.EchoHandler;
import link.buddyverse.ops.cli.local.fixtures.ExitingHandler;
import link.buddyverse.ops.cli.local.fixtures.FailingHandler;
import link.buddyverse.ops.cli.local.fixtures.SlowHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local Lambda container: one fresh JVM per invocation with only the function's classes, its environment
 * and nothing else, stdout for the answer alone, Lambda's error payloads for failures.
 */
class LambdaContainerTest {

    @TempDir
    Path dir;

    private RunnerClasspath runner;
    private Path event;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeEvent() throws IOException {
        runner = RunnerClasspath.materialize();
        event = Files.writeString(dir.resolve("event.json"), "{\"detail-type\":\"CloudWatch Alarm State Change\"}");
    }

    @AfterEach
    void removeRunner() {
        runner.close();
    }

    /** The fixtures stand in for a function jar: test classes plus aws-lambda-java-core, then the runner. */
    private int run(Class<?> handler, int timeoutSeconds) throws URISyntaxException {
        Path fixtures = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lambdaCore = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        LambdaContainer.Invocation invocation = new LambdaContainer.Invocation(handler.getName() + "::handleRequest",
                List.of(fixtures, lambdaCore, runner.directory()), event, timeoutSeconds, 256,
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "EchoFunction", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256", "GREETING", "hi"),
                dir, "7f0c2d1e-0000-4000-8000-000000000001");
        return new LambdaContainer().run(invocation, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> answer() throws Json.MalformedJsonException {
        return (Map<String, Object>) Json.parse(out.toString());
    }

    @Test
    void theHandlerGetsTheEventAContextAndOnlyTheContainersEnvironment() throws Exception {
        int status = run(EchoHandler.class, 30);

        assertThat(status).as(err.toString()).isZero();
        Map<String, Object> answer = answer();
        assertThat(answer.get("event")).isEqualTo(Map.of("detail-type", "CloudWatch Alarm State Change"));
        assertThat(answer)
                .containsEntry("requestId", "7f0c2d1e-0000-4000-8000-000000000001")
                .containsEntry("functionName", "EchoFunction")
                .containsEntry("memoryLimitInMB", 256)
                .containsEntry("greeting", "hi")
                .containsEntry("home", "null");
        assertThat(((Number) answer.get("remainingTimeInMillis")).intValue()).isBetween(25_000, 30_000);
        // -Xmx is 85% of MemorySize; the JVM reports a little less than it was given.
        assertThat(((Number) answer.get("maxHeapMb")).intValue()).isBetween(180, 218);
    }

    @Test
    void theFunctionsOwnPrintsAndLambdasReportLinesGoToStderrNotTheResult() throws Exception {
        run(EchoHandler.class, 30);

        assertThat(out.toString().strip()).startsWith("{").endsWith("}").doesNotContain("println");
        assertThat(err.toString())
                .contains("a println from the function")
                .contains("a line through LambdaLogger")
                .contains("START RequestId: 7f0c2d1e-0000-4000-8000-000000000001 Version: $LATEST")
                .contains("END RequestId: 7f0c2d1e-0000-4000-8000-000000000001")
                .contains("REPORT RequestId: 7f0c2d1e-0000-4000-8000-000000000001\tDuration:")
                .contains("Memory Size: 256 MB");
    }

    @Test
    void anExceptionBecomesLambdasErrorJsonWithItsStackAndCauseAndExit1() throws Exception {
        int status = run(FailingHandler.class, 30);

        assertThat(status).isEqualTo(OpsCli.FUNCTION_ERROR);
        Map<String, Object> error = answer();
        assertThat(error)
                .containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "Buddy-AutoScaling-Group is gone");
        assertThat((List<String>) error.get("stackTrace")).first().asString().contains("FailingHandler.handleRequest");
        assertThat((Map<String, Object>) error.get("cause")).containsEntry("errorType", "java.io.UncheckedIOException");
    }

    @Test
    void aFunctionStillRunningAtItsTimeoutIsStoppedWithSandboxTimedout() throws Exception {
        long start = System.nanoTime();
        int status = run(SlowHandler.class, 1);

        assertThat(status).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(answer())
                .containsEntry("errorType", "Sandbox.Timedout")
                .containsEntry("errorMessage", "Task timed out after 1.00 seconds");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aRuntimeThatExitsWithoutAnsweringIsAnExitError() throws Exception {
        int status = run(ExitingHandler.class, 30);

        assertThat(status).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(answer())
                .containsEntry("errorType", "Runtime.ExitError")
                .containsEntry("errorMessage", "RequestId: 7f0c2d1e-0000-4000-8000-000000000001 Error: Runtime exited"
                        + " with error: exit status 3");
    }

    @Test
    void aHandlerClassTheJarDoesNotHaveFailsTheInitWithClassNotFound() throws Exception {
        Path fixtures = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lambdaCore = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int status = new LambdaContainer().run(new LambdaContainer.Invocation("example.Missing::handleRequest",
                List.of(fixtures, lambdaCore, runner.directory()), event, 30, 256, Map.of(), dir, "r-1"),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(status).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(answer())
                .containsEntry("errorType", "java.lang.ClassNotFoundException")
                .hasEntrySatisfying("errorMessage", m -> assertThat((String) m).startsWith("Class not found: example.Missing"));
    }
}
