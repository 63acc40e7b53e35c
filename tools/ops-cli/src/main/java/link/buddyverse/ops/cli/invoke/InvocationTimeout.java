package link.buddyverse.ops.cli.invoke;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Lambda's Timeout for one invocation, in the container: at the deadline, unless the function answered first, the
 * invocation answers {@code Sandbox.Timedout} and the container halts, as Lambda discards a timed-out sandbox.
 */
final class InvocationTimeout {

    private InvocationTimeout() {
    }

    /**
     * @param answer gives the invocation its one answer; false when it had one already (the function answered in time)
     */
    static void watch(String requestId, int timeoutSeconds, long deadline, Predicate<String> answer) {
        Thread watch = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
            String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) timeoutSeconds);
            if (answer.test(LambdaError.of("Sandbox.Timedout", message))) {
                System.err.println(java.time.Instant.now() + " " + requestId + " " + message);
                System.err.println("END RequestId: " + requestId);
                System.err.flush();
                Runtime.getRuntime().halt(LambdaRunner.FUNCTION_ERROR);
            }
        }, "lambda-timeout-" + requestId);
        watch.setDaemon(true);
        watch.start();
    }
}
