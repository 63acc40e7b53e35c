package link.buddyverse.ops.cli.invoke;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warm Lambda container: the handler is loaded once (init), then invoked once per request, for as long as the
 * parent keeps it, as Lambda reuses one execution environment for the events that follow a cold start. Started as
 * {@code LambdaRunner --serve <handler> <timeout seconds>}.
 *
 * <p>The protocol with the parent is lines, because it is one process talking to the one that started it:
 * stdin gets {@code <request id>\t<event file>} per invocation; stdout gets exactly one line per invocation,
 * {@code <status> <answer JSON>} (status 0 answered, 1 function error), the JSON on one line (a line break in
 * valid JSON is only ever whitespace between tokens). The function's logs go to stderr between Lambda's START and
 * REPORT lines, as in a cold run. A failed init answers the first request with the error and ends the container;
 * a timed-out invocation answers {@code Sandbox.Timedout} and halts it, as Lambda discards a timed-out
 * environment; in both cases the parent starts a cold one for the next event.
 */
public final class WarmRunner {

    static final String SERVE = "--serve";
    public static final String INIT_REPORT = "INIT_REPORT";

    private final int timeoutSeconds;
    private final PrintStream answers;
    /** Which invocation may still answer: the timeout watch of an earlier one must not answer for a later one. */
    private final AtomicLong answerable = new AtomicLong();

    private WarmRunner(int timeoutSeconds, PrintStream answers) {
        this.timeoutSeconds = timeoutSeconds;
        this.answers = answers;
    }

    static void main(String handler, int timeoutSeconds) {
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int status = new WarmRunner(timeoutSeconds, answers).serve(handler);
        System.err.flush();
        answers.flush();
        Runtime.getRuntime().halt(status);
    }

    private int serve(String handler) {
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long initStart = System.nanoTime();
        HandlerInvoker invoker;
        try {
            invoker = HandlerInvoker.load(handler);
        } catch (Throwable e) {
            Throwable cause = LambdaError.unwrap(e);
            System.err.println("ops: init failed: " + cause);
            cause.printStackTrace();
            awaitRequest(requests);
            answer(0, LambdaRunner.FUNCTION_ERROR, LambdaError.of(cause));
            return LambdaRunner.FUNCTION_ERROR;
        }
        Double initMillis = (System.nanoTime() - initStart) / 1e6;
        // Lambda's own line once init is done; the parent reads it to know the container is ready.
        System.err.println(String.format(Locale.ROOT, "%s Init Duration: %.2f ms", INIT_REPORT, initMillis));
        System.err.flush();
        long sequence = 0;
        for (String request = awaitRequest(requests); request != null; request = awaitRequest(requests)) {
            int tab = request.indexOf('\t');
            String requestId = request.substring(0, Math.max(0, tab));
            Path eventFile = Path.of(request.substring(tab + 1));
            invoke(invoker, ++sequence, requestId, eventFile, initMillis);
            initMillis = null;
        }
        return 0;
    }

    private void invoke(HandlerInvoker invoker, long sequence, String requestId, Path eventFile, Double initMillis) {
        answerable.set(sequence);
        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        InvocationTimeout.watch(requestId, timeoutSeconds, deadline, json -> answer(sequence, LambdaRunner.FUNCTION_ERROR, json));
        System.err.println("START RequestId: " + requestId + " Version: $LATEST");
        try {
            byte[] output = invoker.invoke(Files.readAllBytes(eventFile), new LocalContext(requestId, deadline));
            answer(sequence, 0, new String(output, StandardCharsets.UTF_8));
        } catch (Throwable e) {
            Throwable cause = LambdaError.unwrap(e);
            cause.printStackTrace();
            answer(sequence, LambdaRunner.FUNCTION_ERROR, LambdaError.of(cause));
        }
        double millis = (System.nanoTime() - start) / 1e6;
        System.err.println("END RequestId: " + requestId);
        System.err.println(String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %s MB\tMax Memory Used: %d MB%s",
                requestId, millis, (long) Math.ceil(millis), System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "?"),
                LambdaRunner.maxMemoryUsedMb(), initMillis == null ? "" : String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMillis)));
        System.err.flush();
    }

    /** The one answer of invocation {@code sequence}; false when another (its timeout, or nobody) answered already. */
    private boolean answer(long sequence, int status, String json) {
        if (!answerable.compareAndSet(sequence, -1)) {
            return false;
        }
        synchronized (answers) {
            answers.println(status + " " + json.strip().replace('\r', ' ').replace('\n', ' '));
            answers.flush();
        }
        return true;
    }

    private static String awaitRequest(BufferedReader requests) {
        try {
            return requests.readLine();
        } catch (IOException parentGone) {
            return null;
        }
    }
}
