package link.buddyverse.ops.incident;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts a loopback proxy in front of moto that forwards one request at a time, and points the AWS SDK at it.
 *
 * <p>Why: moto_server answers requests on parallel threads without locking its tables, so concurrent
 * UpdateItem calls on one item lose writes there (measured: 10 racing {@code ADD}s to one set kept 8 or 9 in
 * 6 of 30 rounds) and TransactWriteItems checks its conditions non-atomically (2 double wins in 20 rounds).
 * DynamoDB applies every request to an item atomically. Serialising requests gives moto that guarantee, so
 * the concurrency tests test the notifier, not the emulator; requests from racing invocations still
 * interleave in any order, as they would in DynamoDB. Register after {@code MotoExtension}.
 */
public class OneRequestAtATime implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OneRequestAtATime.class);
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "keep-alive");

    @Override
    public void beforeAll(ExtensionContext context) {
        String moto = System.getProperty("aws.endpointUrl");
        if (moto == null || !moto.startsWith("http://127.0.0.1:")) {
            throw new IllegalStateException("register OneRequestAtATime after MotoExtension: aws.endpointUrl is " + moto);
        }
        Proxy proxy = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("proxy:" + moto, key -> new Proxy(moto), Proxy.class);
        System.setProperty("aws.endpointUrl", proxy.endpoint());
    }

    /** The proxy; closed by JUnit at the end of the run. */
    public static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();
    public static final java.util.concurrent.atomic.AtomicLong NANOS = new java.util.concurrent.atomic.AtomicLong();
    /** Requests per DynamoDB operation (the X-Amz-Target's last part: Query, Scan, ...). */
    public static final Map<String, java.util.concurrent.atomic.AtomicLong> OPERATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    public static long count(String operation) {
        java.util.concurrent.atomic.AtomicLong counted = OPERATIONS.get(operation);
        return counted == null ? 0 : counted.get();
    }

    public static final class Proxy implements ExtensionContext.Store.CloseableResource {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final ReentrantLock oneAtATime = new ReentrantLock(true);
        private final String target;

        Proxy(String target) {
            this.target = target;
            // Without it the JDK's server waits for delayed ACKs: ~40 ms per small response.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("no loopback port for the moto proxy", e);
            }
            server.setExecutor(executor);
            server.createContext("/", this::forward);
            server.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void forward(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (operation != null) {
                OPERATIONS.computeIfAbsent(operation.substring(operation.indexOf('.') + 1),
                        key -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            }
            int status;
            byte[] answer;
            Map<String, List<String>> headers;
            oneAtATime.lock();
            long began = System.nanoTime();
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(target + exchange.getRequestURI()).toURL().openConnection();
                connection.setRequestMethod(exchange.getRequestMethod());
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(value -> connection.addRequestProperty(name, value));
                    }
                });
                if (body.length > 0) {
                    connection.setDoOutput(true);
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body);
                    }
                }
                status = connection.getResponseCode();
                try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                    answer = in == null ? new byte[0] : in.readAllBytes();
                }
                headers = connection.getHeaderFields();
            } finally {
                REQUESTS.incrementAndGet();
                NANOS.addAndGet(System.nanoTime() - began);
                oneAtATime.unlock();
            }
            headers.forEach((name, values) -> {
                if (name != null && !NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
