package link.buddyverse.ops.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.local.fixtures.CountingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm Lambda container: one init, then one answer per event for as long as it lives, as Lambda reuses an
 * execution environment; a timed-out one is discarded and the next event starts a cold one.
 */
class WarmContainerTest {

    @TempDir
    Path dir;

    private RunnerClasspath runner;
    private WarmContainer container;

    @BeforeEach
    void materializeRunner() {
        runner = RunnerClasspath.materialize();
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
        runner.close();
    }

    private WarmContainer start(int timeoutSeconds) throws URISyntaxException {
        Path fixtures = Path.of(CountingHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lambdaCore = Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new WarmContainer(CountingHandler.class.getName() + "::handleRequest", List.of(fixtures, lambdaCore, runner.directory()),
                timeoutSeconds, 256, Map.of("AWS_LAMBDA_FUNCTION_NAME", "CountingFunction"), dir);
    }

    private Path event(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), json);
    }

    @Test
    void theFirstEventPaysTheInitAndTheNextOnesFindTheSameContainerWarm() throws Exception {
        container = start(30);

        WarmContainer.Answer first = container.invoke("request-1", event("one", "{\"n\":1}"));
        WarmContainer.Answer second = container.invoke("request-2", event("two", "{\"n\":2}"));

        assertThat(first.status()).as(String.join("\n", first.logs())).isZero();
        assertThat(first.cold()).isTrue();
        assertThat(first.json()).contains("\"inits\":1,\"invocation\":1,\"requestId\":\"request-1\"");
        assertThat(second.cold()).isFalse();
        assertThat(second.json()).contains("\"inits\":1,\"invocation\":2,\"requestId\":\"request-2\"");
        // Each answer carries its own invocation's logs, between Lambda's START and REPORT lines.
        assertThat(second.logs()).anySatisfy(line -> assertThat(line).startsWith("START RequestId: request-2"))
                .anySatisfy(line -> assertThat(line).isEqualTo("invocation 2 of this container"))
                .anySatisfy(line -> assertThat(line).startsWith("REPORT RequestId: request-2"))
                .noneSatisfy(line -> assertThat(line).contains("request-1"));
        assertThat(first.logs()).anySatisfy(line -> assertThat(line).contains("Init Duration"));
        assertThat(second.logs()).noneSatisfy(line -> assertThat(line).contains("Init Duration"));
    }

    @Test
    void aFunctionErrorIsAnsweredAsLambdasErrorAndTheContainerStaysWarm() throws Exception {
        container = start(30);

        WarmContainer.Answer failed = container.invoke("request-1", event("fail", "{\"fail\":true}"));
        WarmContainer.Answer next = container.invoke("request-2", event("ok", "{}"));

        assertThat(failed.status()).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(failed.json()).contains("\"errorType\":\"java.lang.IllegalStateException\"").contains("asked to fail");
        assertThat(container.alive()).isTrue();
        assertThat(next.status()).isZero();
        assertThat(next.json()).contains("\"inits\":1,\"invocation\":1");
    }

    @Test
    void anInvocationPastItsTimeoutAnswersTimedOutAndEndsTheContainer() throws Exception {
        container = start(1);

        WarmContainer.Answer timedOut = container.invoke("request-1", event("hang", "{\"hang\":true}"));

        assertThat(timedOut.status()).isEqualTo(OpsCli.FUNCTION_ERROR);
        assertThat(timedOut.json()).contains("Sandbox.Timedout").contains("Task timed out after 1.00 seconds");
        assertThat(container.alive()).isFalse();
    }
}
