package link.buddyverse.ops.locallambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Runtime API (2018-06-01) of one container, on 127.0.0.1 only: what Lambda's service side answers a runtime
 * interface client. {@code GET invocation/next} waits for the next event and hands it out with Lambda's headers
 * (request id, deadline, function ARN, trace id); {@code POST invocation/<id>/response} and {@code .../error} end
 * that invocation; {@code POST init/error} reports an init that failed.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    /** The account id SAM local reports too ({@code AWS::AccountId}). */
    static final String ACCOUNT_ID = "123456789012";

    enum Kind { RESPONSE, ERROR, INIT_ERROR }

    /** What the runtime posted, and when it arrived (System.nanoTime()). */
    record Reply(Kind kind, String body, long nanos) {
    }

    /** One event waiting for the runtime, or in its hands. */
    static final class Invocation {
        final String requestId;
        final byte[] event;
        final int timeoutSeconds;
        /** System.nanoTime() when the runtime took the event: the end of init for a cold start. */
        final CompletableFuture<Long> pickedUp = new CompletableFuture<>();
        final CompletableFuture<Reply> reply = new CompletableFuture<>();

        Invocation(String requestId, byte[] event, int timeoutSeconds) {
            this.requestId = requestId;
            this.event = event;
            this.timeoutSeconds = timeoutSeconds;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final BlockingQueue<Invocation> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    final CompletableFuture<Reply> initError = new CompletableFuture<>();
    /** Completed when the runtime first asks for an event: its init is over. */
    final CompletableFuture<Long> initialised = new CompletableFuture<>();

    RuntimeApi(String functionArn) {
        this.functionArn = functionArn;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a Runtime API on 127.0.0.1", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void submit(Invocation invocation) {
        waiting.add(invocation);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        try (exchange) {
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange, arrived);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                finish(exchange, requestId(path, "/response"), Kind.RESPONSE, arrived);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                finish(exchange, requestId(path, "/error"), Kind.ERROR, arrived);
            } else if (method.equals("POST") && path.equals("init/error")) {
                String body = body(exchange);
                reply(exchange, 202, "{\"status\":\"OK\"}");
                initError.complete(new Reply(Kind.INIT_ERROR, body, arrived));
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not served locally: " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange, long arrived) throws IOException {
        initialised.complete(arrived);
        Invocation invocation;
        try {
            invocation = waiting.take();
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(invocation.requestId, invocation);
        long deadline = System.currentTimeMillis() + invocation.timeoutSeconds * 1000L;
        String traceRoot = invocation.requestId.replace("-", "");
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + pad(traceRoot, 24) + ";Parent=" + pad(traceRoot, 16) + ";Sampled=0");
        invocation.pickedUp.complete(Math.max(arrived, System.nanoTime()));
        exchange.sendResponseHeaders(200, invocation.event.length == 0 ? -1 : invocation.event.length);
        exchange.getResponseBody().write(invocation.event);
    }

    private void finish(HttpExchange exchange, String requestId, Kind kind, long arrived) throws IOException {
        String body = body(exchange);
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            reply(exchange, 400, "{\"errorMessage\":\"no invocation " + requestId + " is in progress\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        reply(exchange, 202, "{\"status\":\"OK\"}");
        invocation.reply.complete(new Reply(kind, body, arrived));
    }

    private static String requestId(String path, String suffix) {
        return path.substring("invocation/".length(), path.length() - suffix.length());
    }

    private static String pad(String hex, int length) {
        StringBuilder padded = new StringBuilder(hex.replaceAll("[^0-9a-fA-F]", ""));
        while (padded.length() < length) {
            padded.append('0');
        }
        return padded.substring(0, length);
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
