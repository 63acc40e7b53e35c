package link.buddyverse.ops.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.invoke.LambdaError;
import link.buddyverse.ops.cli.invoke.LambdaRunner;
import link.buddyverse.ops.cli.invoke.WarmRunner;

/**
 * One warm Lambda container: a JVM of its own running the runner's serve mode on the function's deployment jar,
 * with exactly the environment given, kept between invocations as Lambda keeps an execution environment. The first
 * invocation pays the init (a cold start), the next ones do not. A container whose init failed, that timed out or
 * exited is dead; the caller starts a new one.
 */
final class WarmContainer implements AutoCloseable {

    /** What one invocation gave: 0 or {@link OpsCli#FUNCTION_ERROR}, the answer JSON, its log lines, whether it was cold. */
    record Answer(int status, String json, List<String> logs, boolean cold) {
    }

    private static final String EXITED = "\u0000exited";
    /** How long the REPORT line may trail the answer on stderr. */
    private static final long REPORT_WAIT_MILLIS = 2_000;

    private final Process process;
    private final Writer requests;
    private final int timeoutSeconds;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> logs = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch initialised = new java.util.concurrent.CountDownLatch(1);
    private boolean cold = true;
    private volatile boolean dead;

    WarmContainer(String handler, List<Path> classpath, int timeoutSeconds, int memoryMb, Map<String, String> environment,
                  Path workingDir) {
        this.timeoutSeconds = timeoutSeconds;
        List<String> command = LambdaContainer.jvm(Path.of(System.getProperty("java.home"), "bin", "java"), memoryMb, classpath);
        command.addAll(List.of(LambdaRunner.class.getName(), "--serve", handler, Integer.toString(timeoutSeconds)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (workingDir != null && Files.isDirectory(workingDir)) {
            builder.directory(workingDir.toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a Lambda container for " + handler, e);
        }
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("warm-container-stdout", () -> readLines(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), answers::add, () -> answers.add(EXITED)));
        daemon("warm-container-stderr", () -> readLines(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), this::log, () -> {
            log(EXITED);
            initialised.countDown();
        }));
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** Invokes the function once with the event in {@code eventFile}; the container stays warm for the next one. */
    synchronized Answer invoke(String requestId, Path eventFile) {
        boolean coldStart = cold;
        cold = false;
        synchronized (logs) {
            logs.clear();
        }
        String line;
        try {
            requests.write(requestId + "\t" + eventFile.toAbsolutePath() + "\n");
            requests.flush();
            long allowance = timeoutSeconds + (coldStart ? LambdaContainer.INIT_ALLOWANCE_SECONDS : 0);
            line = answers.poll(allowance, TimeUnit.SECONDS);
        } catch (IOException exited) {
            line = EXITED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for the function", e);
        }
        if (line == null) {
            close();
            return new Answer(OpsCli.FUNCTION_ERROR, LambdaError.of("Sandbox.Timedout",
                    String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) timeoutSeconds)), logsUntil(requestId), coldStart);
        }
        if (line.equals(EXITED)) {
            dead = true;
            return new Answer(OpsCli.FUNCTION_ERROR, LambdaError.of("Runtime.ExitError", "RequestId: " + requestId
                    + " Error: Runtime exited with error: exit status " + exitStatus()), logsUntil(requestId), coldStart);
        }
        int space = line.indexOf(' ');
        int status = Integer.parseInt(line.substring(0, space));
        if (!process.isAlive() || status != 0 && line.contains("\"Sandbox.Timedout\"")) {
            dead = true;
        }
        return new Answer(status == 0 ? 0 : OpsCli.FUNCTION_ERROR, line.substring(space + 1), logsUntil(requestId), coldStart);
    }

    @Override
    public void close() {
        dead = true;
        try {
            requests.close();
        } catch (IOException alreadyGone) {
            // the container exited by itself
        }
        process.destroyForcibly();
    }

    /** This invocation's log lines, once Lambda's REPORT line for it came (or the container ended). */
    private List<String> logsUntil(String requestId) {
        long until = System.currentTimeMillis() + REPORT_WAIT_MILLIS;
        synchronized (logs) {
            while (logs.stream().noneMatch(l -> l.startsWith("REPORT RequestId: " + requestId) || l.equals(EXITED))
                    && System.currentTimeMillis() < until) {
                try {
                    logs.wait(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return logs.stream().filter(l -> !l.equals(EXITED)).toList();
        }
    }

    /** Waits until the container's init is over (done, failed or the container gone), at most {@code seconds}. */
    void awaitInit(long seconds) {
        try {
            initialised.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String line) {
        if (line.startsWith(WarmRunner.INIT_REPORT) || line.startsWith("ops: init failed")) {
            initialised.countDown();
        }
        synchronized (logs) {
            logs.add(line);
            logs.notifyAll();
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

    private static void readLines(BufferedReader reader, java.util.function.Consumer<String> sink, Runnable atEnd) {
        try (reader) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.accept(line);
            }
        } catch (IOException closed) {
            // the container was stopped
        }
        atEnd.run();
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
