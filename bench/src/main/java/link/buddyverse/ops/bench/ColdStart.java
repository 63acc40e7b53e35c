package link.buddyverse.ops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One cold start the way Lambda's java21 runtime does it: a fresh {@code java} whose classpath is the runtime
 * interface client (RIC) alone, started in the task root ({@code LAMBDA_TASK_ROOT}, holding lib/&lt;jar&gt;),
 * main class {@code ...api.client.AWSLambda}, the handler string as argument and Lambda's reserved environment.
 * The RIC loads the deployment jar through its own customer class loader (task root + lib/*.jar), as on Lambda.
 * Timed from just before the process is spawned to the arrival of the response POST.
 */
final class ColdStart {

    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** A deployment jar and its handler, installed in its own task root, with the function's own variables. */
    record Subject(String name, String handler, Path jar, Path taskRoot, Map<String, String> environment) {
    }

    /** Times in milliseconds; {@code answered} when the runtime posted a response (not an error). */
    record Run(double totalMs, double initMs, double invokeMs, boolean answered, String body) {
    }

    private final RuntimeApi runtimeApi;
    private final String javaExecutable;
    private final String ricClasspath;
    private final Path ricDir;
    private final String awsEndpoint;

    ColdStart(RuntimeApi runtimeApi, String javaExecutable, List<Path> ricJars, Path ricDir, String awsEndpoint) {
        this.runtimeApi = runtimeApi;
        this.javaExecutable = javaExecutable;
        this.ricClasspath = String.join(java.io.File.pathSeparator, ricJars.stream().map(Path::toString).toList());
        this.ricDir = ricDir;
        this.awsEndpoint = awsEndpoint;
    }

    Run run(Subject subject, byte[] event, List<String> jvmFlags, Path classLoadLog, Path processLog)
            throws IOException, InterruptedException {
        return run(subject, event, jvmFlags, classLoadLog, processLog, awsEndpoint);
    }

    /** The same, with the function's AWS_ENDPOINT_URL pointing elsewhere (the call recorder). */
    Run run(Subject subject, byte[] event, List<String> jvmFlags, Path classLoadLog, Path processLog, String endpoint)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmFlags);
        if (classLoadLog != null) {
            command.add("-Xlog:class+load=info:file=" + classLoadLog);
        }
        command.add("-cp");
        command.add(ricClasspath);
        command.add(RIC_MAIN);
        command.add(subject.handler());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(subject.taskRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(processLog.toFile());
        builder.environment().clear();
        builder.environment().putAll(lambdaEnvironment(subject));
        builder.environment().put("AWS_ENDPOINT_URL", endpoint);

        RuntimeApi.Session session = runtimeApi.open(event);
        long start = System.nanoTime();
        Process process = builder.start();
        process.onExit().thenRun(() -> session.outcome.complete(new RuntimeApi.Outcome(session.nextNanos, System.nanoTime(),
                false, "the runtime exited with code " + process.exitValue() + " before answering")));
        RuntimeApi.Outcome outcome;
        try {
            outcome = session.outcome.get(180, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            outcome = new RuntimeApi.Outcome(session.nextNanos, System.nanoTime(), false, "no answer within 180 s");
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            session.close();
        }
        double total = (outcome.endNanos() - start) / 1e6;
        double init = outcome.nextNanos() == 0 ? Double.NaN : (outcome.nextNanos() - start) / 1e6;
        double invoke = outcome.nextNanos() == 0 ? Double.NaN : (outcome.endNanos() - outcome.nextNanos()) / 1e6;
        return new Run(total, init, invoke, outcome.success(), outcome.body());
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
        env.put("LAMBDA_TASK_ROOT", subject.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", ricDir.toString());
        env.put("_HANDLER", subject.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
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
