package link.buddyverse.ops.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of Lambda's Runtime API (2018-06-01) a runtime interface client uses for one cold start: the first
 * {@code GET invocation/next} hands out the event, the response (or error) POST ends the session. Later
 * {@code next} calls are held open until the harness kills the process, as Lambda freezes an idle sandbox.
 * One session at a time; loopback only.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** How one cold start went, in System.nanoTime() of the harness. */
    record Outcome(long nextNanos, long endNanos, boolean success, String body) {
    }

    /** One process lifetime: one event, one answer. */
    static final class Session {
        final String requestId = UUID.randomUUID().toString();
        final byte[] event;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        final AtomicBoolean delivered = new AtomicBoolean();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile long nextNanos;

        Session(byte[] event) {
            this.event = event;
        }

        void close() {
            closed.countDown();
            outcome.complete(new Outcome(nextNanos, System.nanoTime(), false, "session closed without an answer"));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Session current;

    RuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
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

    Session open(byte[] event) {
        Session session = new Session(event);
        current = session;
        return session;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        Session session = current;
        try (exchange) {
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange, session, arrived);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                String body = body(exchange);
                reply(exchange, 202, "{\"status\":\"OK\"}");
                finish(session, arrived, true, body);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                String body = body(exchange) + errorType(exchange);
                reply(exchange, 202, "{\"status\":\"OK\"}");
                finish(session, arrived, false, "invocation error: " + body);
            } else if (method.equals("POST") && path.equals("init/error")) {
                String body = body(exchange) + errorType(exchange);
                reply(exchange, 202, "{\"status\":\"OK\"}");
                finish(session, arrived, false, "init error: " + body);
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not served by the bench: " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange, Session session, long arrived) throws IOException {
        if (session == null || !session.delivered.compareAndSet(false, true)) {
            // A runtime asking for its second event: hold it, like a frozen sandbox, until the run is over.
            try {
                if (session != null) {
                    session.closed.await(120, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 410, "{\"errorMessage\":\"no more events\"}");
            return;
        }
        session.nextNanos = arrived;
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", session.requestId);
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
        headers.add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:" + Stage.REGION + ":123456789012:function:bench");
        headers.add("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + session.requestId.replace("-", "").substring(0, 24)
                        + ";Parent=" + session.requestId.replace("-", "").substring(0, 16) + ";Sampled=0");
        exchange.sendResponseHeaders(200, session.event.length);
        exchange.getResponseBody().write(session.event);
    }

    private static void finish(Session session, long arrived, boolean success, String body) {
        if (session != null) {
            session.outcome.complete(new Outcome(session.nextNanos, arrived, success, body));
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null ? "" : " (" + type + ")";
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        Session session = current;
        if (session != null) {
            session.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
