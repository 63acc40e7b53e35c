package link.buddyverse.ops.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.locallambda.fixtures.CountingHandler;
import link.buddyverse.ops.locallambda.fixtures.EchoHandler;
import link.buddyverse.ops.locallambda.fixtures.ExitingHandler;
import link.buddyverse.ops.locallambda.fixtures.FailingHandler;
import link.buddyverse.ops.locallambda.fixtures.SlowHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler under Lambda's runtime interface client against the loopback Runtime API: the environment given and
 * nothing else, a Lambda context, the result through the RIC's own serialization, errors as the RIC reports them,
 * and a container that stays warm until a timeout, an exit or a failed init ends it.
 */
class LambdaContainerTest {

    private LambdaContainer container;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    /** The fixtures' classes directory is the task root, as an unpacked deployment package would be. */
    private LambdaContainer start(String handler, int timeoutSeconds) throws URISyntaxException {
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        container = LambdaContainer.start(new LambdaContainer.Function("EchoFunction", handler, classes, timeoutSeconds,
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "EchoFunction", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256", "GREETING", "hi",
                        "AWS_REGION", "ap-northeast-2"),
                LambdaContainer.lambdaJvmOptions(256)), logged::add);
        return container;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theHandlerGetsTheEventAContextAndOnlyTheContainersEnvironment() throws Exception {
        LambdaContainer.Answer answer = start(EchoHandler.class.getName(), 30)
                .invoke("7f0c2d1e-0000-4000-8000-000000000001", json("{\"detail-type\":\"CloudWatch Alarm State Change\"}"));

        assertThat(answer.status()).as(String.join("\n", answer.logs())).isEqualTo(LambdaContainer.Status.ANSWERED);
        assertThat(answer.body())
                .contains("\"event\":{\"detail-type\":\"CloudWatch Alarm State Change\"}")
                .contains("\"requestId\":\"7f0c2d1e-0000-4000-8000-000000000001\"")
                .contains("\"functionName\":\"EchoFunction\"")
                .contains("\"memoryLimitInMB\":256")
                .contains("\"greeting\":\"hi\"")
                .contains("\"home\":\"null\"");
        int remaining = Integer.parseInt(answer.body().replaceAll(".*\"remainingTimeInMillis\":(\\d+).*", "$1"));
        assertThat(remaining).isBetween(25_000, 30_000);
        // -Xmx is 85% of MemorySize; the JVM reports a little less than it was given.
        int heap = Integer.parseInt(answer.body().replaceAll(".*\"maxHeapMb\":(\\d+).*", "$1"));
        assertThat(heap).isBetween(180, 218);
        assertThat(answer.cold()).isTrue();
        assertThat(answer.initMillis()).isPositive();
    }

    @Test
    void theFunctionsOwnPrintsAndLambdasReportLinesAreLogsNotTheResult() throws Exception {
        LambdaContainer.Answer answer = start(EchoHandler.class.getName(), 30).invoke("request-1", json("{}"));

        assertThat(answer.body()).startsWith("{").endsWith("}").doesNotContain("println");
        assertThat(answer.logs())
                .anySatisfy(line -> assertThat(line).contains("a println from the function"))
                .anySatisfy(line -> assertThat(line).contains("a line through LambdaLogger"))
                .anySatisfy(line -> assertThat(line).isEqualTo("START RequestId: request-1 Version: $LATEST"))
                .anySatisfy(line -> assertThat(line).isEqualTo("END RequestId: request-1"))
                .anySatisfy(line -> assertThat(line).startsWith("REPORT RequestId: request-1\tDuration:").contains("Memory Size: 256 MB")
                        .contains("Init Duration"));
        assertThat(logged).containsAll(answer.logs());
    }

    @Test
    void anExceptionComesBackAsTheRuntimeReportsItWithItsTypeMessageAndStack() throws Exception {
        LambdaContainer.Answer answer = start(FailingHandler.class.getName(), 30).invoke("request-1", json("{}"));

        assertThat(answer.status()).isEqualTo(LambdaContainer.Status.FUNCTION_ERROR);
        assertThat(answer.body())
                .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                .contains("\"errorMessage\":\"Buddy-AutoScaling-Group is gone\"")
                .contains("FailingHandler.handleRequest");
        assertThat(container.alive()).isTrue();
    }

    @Test
    void theFirstEventPaysTheInitAndTheNextOnesFindTheSameContainerWarm() throws Exception {
        start(CountingHandler.class.getName(), 30);

        LambdaContainer.Answer first = container.invoke("request-1", json("{\"n\":1}"));
        LambdaContainer.Answer failed = container.invoke("request-2", json("{\"fail\":true}"));
        LambdaContainer.Answer third = container.invoke("request-3", json("{\"n\":3}"));

        assertThat(first.body()).as(String.join("\n", first.logs())).contains("\"inits\":1,\"invocation\":1,\"requestId\":\"request-1\"");
        assertThat(first.cold()).isTrue();
        assertThat(failed.status()).isEqualTo(LambdaContainer.Status.FUNCTION_ERROR);
        assertThat(failed.body()).contains("asked to fail");
        assertThat(third.cold()).isFalse();
        assertThat(third.body()).contains("\"inits\":1,\"invocation\":2,\"requestId\":\"request-3\"");
        // Each answer carries its own invocation's logs.
        assertThat(third.logs()).anySatisfy(line -> assertThat(line).isEqualTo("invocation 2 of this container"))
                .noneSatisfy(line -> assertThat(line).contains("request-1"))
                .noneSatisfy(line -> assertThat(line).contains("Init Duration"));
    }

    @Test
    void containersStartedAtTheSameMomentAllComeUp() throws Exception {
        // The RIC would unpack its native client to one fixed file at each start; started together, one used to fail.
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<LambdaContainer> started = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                started.add(LambdaContainer.start(new LambdaContainer.Function("CountingFunction", CountingHandler.class.getName(),
                        classes, 30, Map.of(), LambdaContainer.lambdaJvmOptions(128)), null));
            }
            for (LambdaContainer each : started) {
                assertThat(each.invoke("request", json("{}")).status()).isEqualTo(LambdaContainer.Status.ANSWERED);
            }
        } finally {
            started.forEach(LambdaContainer::close);
        }
    }

    @Test
    void aFunctionStillRunningAtItsTimeoutIsStoppedWithSandboxTimedoutAndTheContainerEnds() throws Exception {
        LambdaContainer.Answer answer = start(SlowHandler.class.getName(), 1).invoke("request-1", json("{}"));

        assertThat(answer.status()).isEqualTo(LambdaContainer.Status.TIMED_OUT);
        assertThat(answer.body()).isEqualTo("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"Task timed out after 1.00 seconds\"}");
        assertThat(container.alive()).isFalse();
    }

    @Test
    void aRuntimeThatExitsWithoutAnsweringIsAnExitError() throws Exception {
        LambdaContainer.Answer answer = start(ExitingHandler.class.getName(), 30).invoke("request-1", json("{}"));

        assertThat(answer.status()).isEqualTo(LambdaContainer.Status.EXITED);
        assertThat(answer.body()).isEqualTo("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: request-1 Error:"
                + " Runtime exited with error: exit status 3\"}");
        assertThat(container.alive()).isFalse();
    }

    @Test
    void aHandlerClassTheCodeDoesNotHaveFailsTheInit() throws Exception {
        LambdaContainer.Answer answer = start("example.Missing", 30).invoke("request-1", json("{}"));

        assertThat(answer.status()).as(answer.body()).isIn(LambdaContainer.Status.INIT_ERROR, LambdaContainer.Status.FUNCTION_ERROR);
        assertThat(answer.body()).contains("errorType").contains("example.Missing");
    }
}
