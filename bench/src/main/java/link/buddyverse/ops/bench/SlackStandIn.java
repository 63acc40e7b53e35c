package link.buddyverse.ops.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Slack on loopback (as the notifier's StartupMeasurement has it): every Web API method answers ok
 * with a fresh ts, an incoming webhook answers "ok". Counts chat.postMessage calls, the notifier's effect.
 */
final class SlackStandIn implements AutoCloseable {

    /** A token of Slack's bot shape; it never leaves loopback. */
    static final String TOKEN = "xoxb-000000000000-1111111111111-StandInTokenDoNotLog";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong ts = new AtomicLong(1_764_057_600_000_100L);
    private final List<String> calls = new ArrayList<>();

    SlackStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "slack-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                synchronized (this) {
                    calls.add(path.substring(path.lastIndexOf('/') + 1));
                }
                long next = ts.addAndGet(100);
                String body = path.startsWith("/services/") ? "ok"
                        : "{\"ok\":true,\"channel\":\"C0BENCH\",\"ts\":\"" + (next / 1_000_000) + "."
                        + String.format("%06d", next % 1_000_000) + "\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", path.startsWith("/services/") ? "text/plain" : "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    /** SLACK_API_URL: the Web API's method prefix. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    synchronized void reset() {
        calls.clear();
    }

    synchronized int postMessages() {
        return (int) calls.stream().filter("chat.postMessage"::equals).count();
    }

    /** The Slack methods called since the last reset, in order. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
