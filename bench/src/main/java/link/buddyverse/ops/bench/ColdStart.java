package link.buddyverse.ops.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import link.buddyverse.ops.locallambda.LambdaContainer;

/**
 * One cold start the way Lambda's java21 runtime does it, through local-lambda (the one Lambda emulation of the
 * tooling): a fresh {@code java} whose classpath is the runtime interface client (RIC) alone, started in the task
 * root ({@code LAMBDA_TASK_ROOT}, holding lib/&lt;jar&gt;), the handler string as argument and Lambda's reserved
 * environment, against a loopback Runtime API. The RIC loads the deployment jar through its own customer class
 * loader (task root + lib/*.jar), as on Lambda. Timed from just before the process is spawned to the arrival of the
 * response POST; the container is discarded after its one invocation.
 */
final class ColdStart {

    /** The deadline the bench's invocations get, as a function's Timeout. */
    static final int TIMEOUT_SECONDS = 30;

    /** A deployment jar and its handler, installed in its own task root, with the function's own variables. */
    record Subject(String name, String handler, Path jar, Path taskRoot, Map<String, String> environment) {
    }

    /** Times in milliseconds; {@code answered} when the runtime posted a response (not an error). */
    record Run(double totalMs, double initMs, double invokeMs, boolean answered, String body) {
    }

    private final String awsEndpoint;

    ColdStart(String awsEndpoint) {
        this.awsEndpoint = awsEndpoint;
    }

    Run run(Subject subject, byte[] event, List<String> jvmFlags, Path classLoadLog, Path processLog)
            throws IOException {
        return run(subject, event, jvmFlags, classLoadLog, processLog, awsEndpoint);
    }

    /** The same, with the function's AWS_ENDPOINT_URL pointing elsewhere (the call recorder). */
    Run run(Subject subject, byte[] event, List<String> jvmFlags, Path classLoadLog, Path processLog, String endpoint)
            throws IOException {
        List<String> options = new ArrayList<>(jvmFlags);
        if (classLoadLog != null) {
            options.add("-Xlog:class+load=info:file=" + classLoadLog);
        }
        Map<String, String> environment = lambdaEnvironment(subject);
        environment.put("AWS_ENDPOINT_URL", endpoint);
        LambdaContainer.Answer answer;
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(processLog, StandardCharsets.UTF_8), true)) {
            LambdaContainer container = LambdaContainer.start(new LambdaContainer.Function(subject.name(), subject.handler(),
                    subject.taskRoot(), TIMEOUT_SECONDS, environment, options), line -> {
                        synchronized (log) {
                            log.println(line);
                        }
                    });
            try {
                answer = container.invoke(UUID.randomUUID().toString(), event);
            } finally {
                container.close();
            }
        }
        String body = answer.answered() ? answer.body() : answer.status() + ": " + answer.body();
        return new Run(answer.totalMillis(), answer.initMillis(), answer.invokeMillis(), answer.answered(), body);
    }

    /**
     * What Lambda sets for a java21 function of 1024 MB, template.yaml's Globals (ops-kit's OPS_* settings),
     * and the function's own variables from its bench entry.
     */
    Map<String, String> lambdaEnvironment(Subject subject) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", subject.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + subject.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]bench");
        env.put("AWS_REGION", Stage.REGION);
        env.put("AWS_DEFAULT_REGION", Stage.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", "testing");
        env.put("AWS_ENDPOINT_URL", awsEndpoint);
        env.put("OPS_DRY_RUN", "false");
        env.put("OPS_STATE_TABLE", Stage.TABLE);
        env.put("OPS_EVENT_BUS", "default");
        env.put("OPS_LOG_LEVEL", "INFO");
        env.putAll(subject.environment());
        return env;
    }
}
