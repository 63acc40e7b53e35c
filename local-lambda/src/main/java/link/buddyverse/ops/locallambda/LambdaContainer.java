package link.buddyverse.ops.locallambda;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Lambda execution environment on this machine, as {@code sam local invoke} runs one in its container: a
 * {@code java} process whose classpath is Lambda's runtime interface client alone (main class {@code AWSLambda},
 * the handler string as its argument), started in a task root holding the deployment jar in {@code lib/}, with
 * exactly the environment given plus what Lambda sets for the runtime ({@code AWS_LAMBDA_RUNTIME_API},
 * {@code LAMBDA_TASK_ROOT}, {@code LAMBDA_RUNTIME_DIR}, {@code _HANDLER}). The RIC loads and initialises the
 * handler, asks its loopback {@link RuntimeApi} for events and posts results or errors back: Lambda's own
 * serialization path.
 *
 * <p>It stays warm between invocations, one at a time, as Lambda reuses an environment. The first invocation pays
 * the init. A timed-out invocation ({@code Sandbox.Timedout}), a failed init or an exited runtime leaves it dead;
 * the caller starts a new one. The process's output (the function's logs) goes to the log sink line by line, with
 * Lambda's START / END / REPORT lines around each invocation.
 */
public final class LambdaContainer implements AutoCloseable {

    /**
     * Lambda allows up to 10 s of init before the invocation's own Timeout starts: the backstop for a runtime that
     * never asks for its first event.
     */
    public static final int INIT_ALLOWANCE_SECONDS = 10;
    static final int HEAP_PERCENT_OF_MEMORY = 85;
    /** How long the function's last log lines may trail its answer through the pipe. */
    private static final long LOG_QUIET_MILLIS = 25;
    private static final long LOG_WAIT_MILLIS = 500;

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lambda-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A function as Lambda would run it.
     *
     * @param name        AWS_LAMBDA_FUNCTION_NAME (for the invoked ARN)
     * @param handler     the handler string, as in the template ({@code pkg.Class} or {@code pkg.Class::method})
     * @param code        the deployment jar (put in a task root's lib/), or a directory that is the task root itself
     * @param environment the function's environment and Lambda's reserved variables; nothing else is inherited
     * @param jvmOptions  the JVM's options, e.g. {@link #lambdaJvmOptions(int)}
     */
    public record Function(String name, String handler, Path code, int timeoutSeconds, Map<String, String> environment,
                           List<String> jvmOptions) {
    }

    /** How an invocation ended. */
    public enum Status {
        /** The function answered: {@code body} is its result. */
        ANSWERED,
        /** The function raised: {@code body} is the error the runtime interface client posted. */
        FUNCTION_ERROR,
        /** The handler could not be loaded or initialised; the container is dead. */
        INIT_ERROR,
        /** Past its Timeout: {@code Sandbox.Timedout}; the container is dead. */
        TIMED_OUT,
        /** The runtime exited without answering: {@code Runtime.ExitError}; the container is dead. */
        EXITED
    }

    /**
     * One invocation: its status, the answer (result or Lambda's error JSON), its log lines, whether it paid the
     * init, and its times (System.nanoTime(): the process spawned, the event taken by the runtime, the answer in).
     */
    public record Answer(String requestId, Status status, String body, List<String> logs, boolean cold,
                         long spawnedNanos, long pickedUpNanos, long answeredNanos) {

        public boolean answered() {
            return status == Status.ANSWERED;
        }

        /** From the spawn to the answer (a cold start's total), in ms. */
        public double totalMillis() {
            return (answeredNanos - spawnedNanos) / 1e6;
        }

        /** From the spawn to the runtime asking for the event (the init), in ms; NaN if it never asked. */
        public double initMillis() {
            return pickedUpNanos == 0 ? Double.NaN : (pickedUpNanos - spawnedNanos) / 1e6;
        }

        /** From the event taken to the answer, in ms; NaN if the runtime never took it. */
        public double invokeMillis() {
            return pickedUpNanos == 0 ? Double.NaN : (answeredNanos - pickedUpNanos) / 1e6;
        }
    }

    private final Function function;
    private final RuntimeApi runtimeApi;
    private final Process process;
    private final Path taskRoot;
    private final boolean ownTaskRoot;
    private final Consumer<String> logSink;
    private final long spawnedNanos;
    private final CompletableFuture<Integer> exited;
    private final List<String> logs = new ArrayList<>();
    private volatile long lastLogNanos = System.nanoTime();
    private boolean cold = true;
    private volatile boolean dead;

    private LambdaContainer(Function function, Consumer<String> logSink) {
        this.function = function;
        this.logSink = logSink;
        this.ownTaskRoot = !Files.isDirectory(function.code());
        this.taskRoot = ownTaskRoot ? taskRootFor(function.code()) : function.code();
        String region = function.environment().getOrDefault("AWS_REGION", "us-east-1");
        this.runtimeApi = new RuntimeApi("arn:aws:lambda:" + region + ":" + RuntimeApi.ACCOUNT_ID + ":function:" + function.name());
        RuntimeInterfaceClient ric = RuntimeInterfaceClient.installed();

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(function.jvmOptions());
        command.addAll(ric.jvmOptions());
        command.add("-cp");
        command.add(ric.jars().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(RuntimeInterfaceClient.MAIN);
        command.add(function.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("LAMBDA_RUNTIME_DIR", ric.directory().toString());
        environment.put("_HANDLER", function.handler());
        builder.environment().clear();
        builder.environment().putAll(environment);
        this.spawnedNanos = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            runtimeApi.close();
            throw new UncheckedIOException("could not start a Lambda container for " + function.name(), e);
        }
        Thread reader = new Thread(this::readLogs, "lambda-logs-" + function.name());
        reader.setDaemon(true);
        reader.start();
        exited = process.onExit().thenApply(Process::exitValue);
    }

    /** Starts the container: the runtime initialises the handler while the caller goes on. */
    public static LambdaContainer start(Function function, Consumer<String> logSink) {
        return new LambdaContainer(function, logSink);
    }

    /** The JVM options of a function of {@code memoryMb}: a heap sized from it, and the java21 runtime's flags. */
    public static List<String> lambdaJvmOptions(int memoryMb) {
        return List.of("-Xmx" + Math.max(16, memoryMb * HEAP_PERCENT_OF_MEMORY / 100) + "m",
                // As Lambda starts its JVM: serial GC, and C1 only, which favours short-lived start-up.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    public Function function() {
        return function;
    }

    public boolean alive() {
        return !dead && process.isAlive();
    }

    /** Waits until the runtime's init is over (it asked for its first event, failed, or exited), at most {@code seconds}. */
    public void awaitInit(long seconds) {
        try {
            CompletableFuture.anyOf(runtimeApi.initialised, runtimeApi.initError, exited).get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
            // the caller goes on; the first invocation waits for the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Invokes the function once; the container stays warm for the next invocation unless this one killed it. */
    public synchronized Answer invoke(String requestId, byte[] event) {
        boolean coldStart = cold;
        cold = false;
        if (!alive()) {
            return new Answer(requestId, Status.EXITED, PlatformError.json("Runtime.ExitError", "RequestId: " + requestId
                    + " Error: Runtime exited with error: exit status " + exitStatus()), takeLogs(), coldStart, spawnedNanos, 0, System.nanoTime());
        }
        RuntimeApi.Invocation invocation = new RuntimeApi.Invocation(requestId, event, function.timeoutSeconds());
        var timeout = TIMERS.schedule(() -> invocation.reply.complete(null),
                function.timeoutSeconds() + INIT_ALLOWANCE_SECONDS, TimeUnit.SECONDS);
        invocation.pickedUp.thenRun(() -> {
            timeout.cancel(false);
            log("START RequestId: " + requestId + " Version: $LATEST");
            TIMERS.schedule(() -> invocation.reply.complete(null), function.timeoutSeconds(), TimeUnit.SECONDS);
        });
        runtimeApi.submit(invocation);
        RuntimeApi.Reply reply = CompletableFuture.anyOf(invocation.reply, runtimeApi.initError, exited)
                .thenApply(done -> invocation.reply.isDone() ? invocation.reply.getNow(null)
                        : runtimeApi.initError.isDone() ? runtimeApi.initError.getNow(null) : exitedReply())
                .join();
        long answered = reply == null ? System.nanoTime() : reply.nanos();
        long pickedUp = invocation.pickedUp.getNow(0L);
        Status status;
        String body;
        if (reply == null) {
            status = Status.TIMED_OUT;
            body = PlatformError.json("Sandbox.Timedout",
                    String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) function.timeoutSeconds()));
            log(java.time.Instant.now() + " " + requestId + " Task timed out after "
                    + String.format(Locale.ROOT, "%.2f", (double) function.timeoutSeconds()) + " seconds");
            close();
        } else {
            status = switch (reply.kind()) {
                case RESPONSE -> Status.ANSWERED;
                case ERROR -> Status.FUNCTION_ERROR;
                case INIT_ERROR -> Status.INIT_ERROR;
            };
            body = reply.body() == null ? PlatformError.json("Runtime.ExitError", "RequestId: " + requestId
                    + " Error: Runtime exited with error: exit status " + exitStatus()) : reply.body();
            if (reply.body() == null) {
                status = Status.EXITED;
            }
            if (status == Status.INIT_ERROR || status == Status.EXITED) {
                close();
            }
        }
        awaitQuietLogs();
        if (pickedUp != 0) {
            double millis = (answered - pickedUp) / 1e6;
            log("END RequestId: " + requestId);
            log(String.format(Locale.ROOT,
                    "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %s MB\tMax Memory Used: %s MB%s",
                    requestId, millis, (long) Math.ceil(millis), function.environment().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "?"),
                    maxMemoryUsedMb(), coldStart ? String.format(Locale.ROOT, "\tInit Duration: %.2f ms", (pickedUp - spawnedNanos) / 1e6) : ""));
        }
        return new Answer(requestId, status, body.strip(), takeLogs(), coldStart, spawnedNanos, pickedUp, answered);
    }

    @Override
    public void close() {
        dead = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
        if (ownTaskRoot) {
            deleteQuietly(taskRoot);
        }
    }

    /** A reply that stands for "the runtime exited": no body. */
    private RuntimeApi.Reply exitedReply() {
        return new RuntimeApi.Reply(RuntimeApi.Kind.ERROR, null, System.nanoTime());
    }

    private void readLogs() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log(line);
            }
        } catch (IOException closed) {
            // the container was killed
        }
    }

    private void log(String line) {
        lastLogNanos = System.nanoTime();
        synchronized (logs) {
            logs.add(line);
        }
        if (logSink != null) {
            logSink.accept(line);
        }
    }

    private List<String> takeLogs() {
        synchronized (logs) {
            List<String> taken = List.copyOf(logs);
            logs.clear();
            return taken;
        }
    }

    /** Lets the last lines the function wrote before answering come through the pipe. */
    private void awaitQuietLogs() {
        long until = System.nanoTime() + LOG_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < until && System.nanoTime() - lastLogNanos < LOG_QUIET_MILLIS * 1_000_000) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String exitStatus() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The container's resident set high-water mark, what Lambda's REPORT line calls "Max Memory Used" (Linux only). */
    private String maxMemoryUsedMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            // not Linux, or the process is gone
        }
        return "?";
    }

    /** A task root as Lambda unpacks a Java deployment package: the jar in lib/ (see functions/function.mk). */
    private static Path taskRootFor(Path jar) {
        try {
            Path root = Files.createTempDirectory("local-lambda-task-");
            Path lib = Files.createDirectories(root.resolve("lib"));
            try {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
            } catch (IOException | UnsupportedOperationException noLinks) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a task root for " + jar, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException leftBehind) {
            // a link and two directories in the temp directory
        }
    }
}
