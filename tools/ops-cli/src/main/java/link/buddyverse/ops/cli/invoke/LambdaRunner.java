package link.buddyverse.ops.cli.invoke;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of the child JVM that {@code ./ops local invoke} starts as the function's Lambda container:
 * {@code java -cp <function jar>:<runner dir> link.buddyverse.ops.cli.invoke.LambdaRunner
 * <handler> <event file> <timeout seconds> <request id>}.
 *
 * <p>One init and one invocation, as a cold Lambda does them. stdout carries exactly one JSON document: the
 * function's result, or Lambda's error payload (exit status 1). Everything else, the function's own
 * {@code System.out} included, goes to stderr, as it would go to CloudWatch Logs, with Lambda's
 * START/END/REPORT lines around it. After Timeout seconds of invocation the runner reports
 * {@code Sandbox.Timedout} and halts, as Lambda freezes a timed-out sandbox.
 *
 * <p>{@code LambdaRunner --serve <handler> <timeout seconds>} is a warm container instead ({@link WarmRunner}):
 * one init, then one invocation per request line on stdin, as Lambda reuses an execution environment.
 */
public final class LambdaRunner {

    public static final int FUNCTION_ERROR = 1;

    private final String handler;
    private final Path eventFile;
    private final int timeoutSeconds;
    private final String requestId;
    private final PrintStream result;
    private final AtomicBoolean answered = new AtomicBoolean();

    private LambdaRunner(String handler, Path eventFile, int timeoutSeconds, String requestId, PrintStream result) {
        this.handler = handler;
        this.eventFile = eventFile;
        this.timeoutSeconds = timeoutSeconds;
        this.requestId = requestId;
        this.result = result;
    }

    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals(WarmRunner.SERVE)) {
            WarmRunner.main(args[1], Integer.parseInt(args[2]));
            return;
        }
        if (args.length != 4) {
            System.err.println("usage: LambdaRunner <Class::method> <event file> <timeout seconds> <request id>");
            System.exit(2);
        }
        PrintStream result = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int status = new LambdaRunner(args[0], Path.of(args[1]), Integer.parseInt(args[2]), args[3], result).run();
        System.err.flush();
        result.flush();
        // Lambda freezes the sandbox after the response; no shutdown hooks run, none may hold the answer up.
        Runtime.getRuntime().halt(status);
    }

    private int run() {
        long initStart = System.nanoTime();
        HandlerInvoker invoker;
        byte[] event;
        try {
            event = Files.readAllBytes(eventFile);
            invoker = HandlerInvoker.load(handler);
        } catch (Throwable e) {
            Throwable cause = LambdaError.unwrap(e);
            System.err.println("ops: init failed: " + cause);
            cause.printStackTrace();
            answer(LambdaError.of(cause));
            return FUNCTION_ERROR;
        }
        double initMillis = (System.nanoTime() - initStart) / 1e6;

        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        InvocationTimeout.watch(requestId, timeoutSeconds, deadline, this::answer);
        System.err.println("START RequestId: " + requestId + " Version: $LATEST");
        int status;
        try {
            byte[] output = invoker.invoke(event, new LocalContext(requestId, deadline));
            status = answer(new String(output, StandardCharsets.UTF_8)) ? 0 : awaitHalt();
        } catch (Throwable e) {
            Throwable cause = LambdaError.unwrap(e);
            cause.printStackTrace();
            status = answer(LambdaError.of(cause)) ? FUNCTION_ERROR : awaitHalt();
        }
        double millis = (System.nanoTime() - start) / 1e6;
        System.err.println("END RequestId: " + requestId);
        System.err.println(String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %s MB\tMax Memory Used: %d MB\tInit Duration: %.2f ms",
                requestId, millis, (long) Math.ceil(millis), System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "?"),
                maxMemoryUsedMb(), initMillis));
        return status;
    }

    /** Writes the one answer of this invocation; false if the timeout already answered. */
    private boolean answer(String json) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        result.println(json.strip());
        result.flush();
        return true;
    }

    /** The timeout answered first and is halting the JVM. */
    private static int awaitHalt() {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException ignored) {
                // keep waiting for the halt
            }
        }
    }

    /** Resident set high-water mark, the figure Lambda's REPORT line calls "Max Memory Used" (Linux only). */
    static long maxMemoryUsedMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            // not Linux: fall back to the heap in use
        }
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
