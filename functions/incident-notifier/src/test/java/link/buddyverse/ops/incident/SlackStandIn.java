package link.buddyverse.ops.incident;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack: the Web API's chat.postMessage and chat.update (form
 * bodies with a bearer token, as Slack's SDK sends them) and an incoming webhook (JSON). It keeps the messages
 * it accepted, like Slack would, records every request, and can be told to answer 429 with Retry-After, 500,
 * or to hang, for the next requests or until told otherwise.
 */
final class SlackStandIn implements AutoCloseable {

    static final String TOKEN = "xoxb-000000000000-1111111111111-StandInTokenDoNotLog";
    static final String WEBHOOK_PATH = "/services/T0BUDDY00/B0OPS0000/StandInWebhookSecret";
    static final Map<String, String> CHANNEL_IDS = Map.of("#buddy-incidents", "C0CRITICAL", "#buddy-ops", "C0WARNING");

    /** A fault the stand-in answers with instead of doing the work. */
    record Fault(int status, Integer retryAfterSeconds, boolean hangs) {
        static Fault rateLimited(int retryAfterSeconds) {
            return new Fault(429, retryAfterSeconds, false);
        }

        static Fault serverError() {
            return new Fault(500, null, false);
        }

        static Fault hang() {
            return new Fault(0, null, true);
        }
    }

    /**
     * One request and what was done with it. {@code method} is chat.postMessage, chat.update or webhook;
     * {@code accepted} when the stand-in did what was asked (posted, updated).
     */
    record Request(String method, String channel, String threadTs, String ts, String text, JsonNode blocks,
                   String blocksJson, int status, boolean accepted, String authorization) {

        boolean isReply() {
            return threadTs != null && !threadTs.isEmpty();
        }

        /** The text of a block by its block_id: a header's or section's text. */
        String block(String blockId) {
            for (JsonNode block : blocks.values()) {
                if (block.get("block_id") != null && blockId.equals(block.get("block_id").getStringValue())) {
                    if (block.get("text") != null) {
                        return block.get("text").get("text").getStringValue();
                    }
                    StringBuilder joined = new StringBuilder();
                    JsonNode parts = block.get("fields") != null ? block.get("fields") : block.get("elements");
                    for (JsonNode part : parts.values()) {
                        joined.append(part.get("text").getStringValue()).append('\n');
                    }
                    return joined.toString();
                }
            }
            return null;
        }

        /** All of the message's text, blocks included. */
        String everything() {
            return text + "\n" + blocksJson;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final JsonMapper json = JsonMapper.createDefault();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Fault> scripted = new ArrayDeque<>();
    private final Set<String> messages = ConcurrentHashMap.newKeySet();
    private final AtomicLong clock = new AtomicLong(1_764_057_600_000_100L);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Fault down;
    private volatile String expectedToken = TOKEN;

    private SlackStandIn() throws IOException {
        // Without it the JDK's server waits for delayed ACKs: ~40 ms per small response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/", this::api);
        server.createContext("/services/", this::webhook);
        server.start();
    }

    static SlackStandIn start() {
        try {
            return new SlackStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Slack stand-in on loopback", e);
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + WEBHOOK_PATH;
    }

    /** The next {@code count} requests get this fault, then the stand-in works again. */
    synchronized void failNext(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            scripted.add(fault);
        }
    }

    /** Every request gets this fault until {@link #up()}. */
    void down(Fault fault) {
        down = fault;
    }

    void up() {
        down = null;
    }

    void expectToken(String token) {
        expectedToken = token;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    List<Request> accepted(String method) {
        return accepted().stream().filter(r -> r.method().equals(method)).toList();
    }

    /** Posted messages that are not thread replies. */
    List<Request> roots() {
        return accepted("chat.postMessage").stream().filter(r -> !r.isReply()).toList();
    }

    List<Request> replies() {
        return accepted("chat.postMessage").stream().filter(Request::isReply).toList();
    }

    List<Request> repliesTo(String ts) {
        return replies().stream().filter(r -> ts.equals(r.threadTs())).toList();
    }

    List<Request> updatesOf(String ts) {
        return accepted("chat.update").stream().filter(r -> ts.equals(r.ts())).toList();
    }

    synchronized void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void api(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Fault fault = fault();
        JsonNode blocks = form.containsKey("blocks") ? parse(form.get("blocks")) : JsonNode.createArrayNode(List.of());
        if (fault != null) {
            record(new Request(method, form.get("channel"), form.get("thread_ts"), form.get("ts"), form.get("text"), blocks, form.getOrDefault("blocks", "[]"),
                    fault.status(), false, authorization));
            failWith(exchange, fault);
            return;
        }
        if (!("Bearer " + expectedToken).equals(authorization)) {
            record(new Request(method, form.get("channel"), form.get("thread_ts"), form.get("ts"), form.get("text"), blocks, form.getOrDefault("blocks", "[]"),
                    200, false, authorization));
            respond(exchange, 200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        switch (method) {
            case "chat.postMessage" -> {
                String channel = CHANNEL_IDS.getOrDefault(form.get("channel"), form.get("channel"));
                String threadTs = form.get("thread_ts");
                if (threadTs != null && !messages.contains(threadTs)) {
                    record(new Request(method, channel, threadTs, null, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, false, authorization));
                    respond(exchange, 200, "{\"ok\":false,\"error\":\"thread_not_found\"}");
                    return;
                }
                String ts = nextTs();
                messages.add(ts);
                record(new Request(method, channel, threadTs, ts, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, true, authorization));
                respond(exchange, 200, "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + ts + "\",\"message\":{\"text\":\"\"}}");
            }
            case "chat.update" -> {
                String ts = form.get("ts");
                boolean known = ts != null && messages.contains(ts);
                record(new Request(method, form.get("channel"), null, ts, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, known, authorization));
                respond(exchange, 200, known ? "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + ts + "\"}"
                        : "{\"ok\":false,\"error\":\"message_not_found\"}");
            }
            default -> respond(exchange, 200, "{\"ok\":false,\"error\":\"unknown_method\"}");
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode payload = parse(body);
        JsonNode blocks = payload.get("blocks") == null ? JsonNode.createArrayNode(List.of()) : payload.get("blocks");
        String text = payload.get("text") == null ? null : payload.get("text").getStringValue();
        Fault fault = fault();
        if (fault != null) {
            record(new Request("webhook", null, null, null, text, blocks, String.valueOf(payload.get("blocks") == null ? "[]" : body), fault.status(), false, null));
            failWith(exchange, fault);
            return;
        }
        if (!WEBHOOK_PATH.equals(exchange.getRequestURI().getPath())) {
            record(new Request("webhook", null, null, null, text, blocks, String.valueOf(payload.get("blocks") == null ? "[]" : body), 404, false, null));
            respond(exchange, 404, "no_service");
            return;
        }
        record(new Request("webhook", null, null, null, text, blocks, String.valueOf(payload.get("blocks") == null ? "[]" : body), 200, true, null));
        respond(exchange, 200, "ok");
    }

    private synchronized Fault fault() {
        Fault next = scripted.poll();
        return next != null ? next : down;
    }

    private void failWith(HttpExchange exchange, Fault fault) throws IOException {
        if (fault.hangs()) {
            // Longer than any client timeout the tests configure; the request is dropped unanswered.
            try {
                released.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (fault.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        respond(exchange, fault.status(), fault.status() == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "internal error");
    }

    private synchronized void record(Request request) {
        requests.add(request);
    }

    private String nextTs() {
        long micros = clock.addAndGet(100);
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private JsonNode parse(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the stand-in got JSON it cannot read: " + text, e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
