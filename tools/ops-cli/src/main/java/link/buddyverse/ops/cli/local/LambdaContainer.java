package link.buddyverse.ops.cli.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.invoke.LambdaError;
import link.buddyverse.ops.cli.invoke.LambdaRunner;

/**
 * One cold Lambda container: a fresh JVM running {@link LambdaRunner} on the function's deployment jar, with
 * exactly the environment given (nothing inherited from this process), a heap sized from MemorySize, and the
 * function's Timeout. Its stdout (the result or error JSON) is relayed to {@code out}, its stderr (the
 * function's logs) line by line to {@code err}.
 */
public final class LambdaContainer {

    /**
     * Lambda allows up to 10 s of init before the invocation's own Timeout starts; the runner enforces the
     * Timeout itself, this is the backstop for a JVM that hangs before or outside it.
     */
    static final int INIT_ALLOWANCE_SECONDS = 10;
    static final int HEAP_PERCENT_OF_MEMORY = 85;

    /**
     * @param handler     {@code Class::method}, as in the template
     * @param classpath   the function's deployment jar first, then the runner's classes
     * @param environment the container's complete environment
     * @param workingDir  the task root (Lambda's /var/task): the function's CodeUri
     */
    public record Invocation(String handler, List<Path> classpath, Path eventFile, int timeoutSeconds, int memoryMb,
                             Map<String, String> environment, Path workingDir, String requestId) {
    }

    private final Path java;

    public LambdaContainer() {
        this(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    LambdaContainer(Path java) {
        this.java = java;
    }

    /** Runs the invocation; returns 0 when the function answered, {@link OpsCli#FUNCTION_ERROR} otherwise. */
    public int run(Invocation invocation, PrintWriter out, PrintWriter err) {
        List<String> command = jvm(java, invocation.memoryMb(), invocation.classpath());
        command.addAll(List.of(LambdaRunner.class.getName(),
                invocation.handler(),
                invocation.eventFile().toAbsolutePath().toString(),
                Integer.toString(invocation.timeoutSeconds()),
                invocation.requestId()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(invocation.environment());
        if (invocation.workingDir() != null && Files.isDirectory(invocation.workingDir())) {
            builder.directory(invocation.workingDir().toFile());
        }

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + java, e);
        }
        Thread killOnExit = new Thread(process::destroyForcibly, "ops-kill-container");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Thread stdout = pump("container-stdout", process.getInputStream(), answer);
            Thread stderr = relayLines("container-stderr", process.getErrorStream(), err);
            boolean exited = process.waitFor(invocation.timeoutSeconds() + INIT_ALLOWANCE_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
                stdout.join(1_000);
                stderr.join(1_000);
                String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) invocation.timeoutSeconds());
                err.println("ops: the container did not finish within its Timeout plus " + INIT_ALLOWANCE_SECONDS
                        + " s of init: killed");
                err.flush();
                out.println(LambdaError.of("Sandbox.Timedout", message));
                out.flush();
                return OpsCli.FUNCTION_ERROR;
            }
            stdout.join();
            stderr.join();
            String result = answer.toString(StandardCharsets.UTF_8).strip();
            int status = process.exitValue();
            if (result.isEmpty()) {
                out.println(LambdaError.of("Runtime.ExitError", "RequestId: " + invocation.requestId()
                        + " Error: Runtime exited with error: exit status " + status));
                out.flush();
                return OpsCli.FUNCTION_ERROR;
            }
            out.println(result);
            out.flush();
            return status == 0 ? 0 : OpsCli.FUNCTION_ERROR;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return OpsCli.FUNCTION_ERROR;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** The container's JVM up to its main class: a heap sized from MemorySize, and the flags Lambda's runtime starts it with. */
    static List<String> jvm(Path java, int memoryMb, List<Path> classpath) {
        return new ArrayList<>(List.of(
                java.toString(),
                "-Xmx" + Math.max(16, memoryMb * HEAP_PERCENT_OF_MEMORY / 100) + "m",
                // Close to how Lambda starts its JVM: serial GC, and C1 only, which favours short-lived start-up.
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
    }

    private static Thread pump(String name, InputStream in, ByteArrayOutputStream sink) {
        Thread thread = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException closed) {
                // the container was killed
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread relayLines(String name, InputStream in, PrintWriter err) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (err) {
                        err.println(line);
                        err.flush();
                    }
                }
            } catch (IOException closed) {
                // the container was killed
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
