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
import java.time.Clock;
import java.time.Instant;
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
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack: the Web API's chat.postMessage and chat.update (form
 * bodies with a bearer token, as Slack's SDK sends them), conversations.history, conversations.replies and
 * conversations.list (messages with their metadata, when asked for it), and an incoming webhook (JSON). It keeps
 * the messages it accepted, like Slack would, records every request, and can be told to answer 429 with
 * Retry-After, 500, to hang, or to take a request and answer only after the client gave up, for the next
 * requests or until told otherwise. Its message timestamps follow the test's clock when given one.
 */
final class SlackStandIn implements AutoCloseable {

    static final String TOKEN = "xoxb-000000000000-1111111111111-StandInTokenDoNotLog";
    static final String WEBHOOK_PATH = "/services/T0BUDDY00/B0OPS0000/StandInWebhookSecret";
    static final Map<String, String> CHANNEL_IDS = Map.of("#buddy-incidents", "C0CRITICAL", "#buddy-ops", "C0WARNING");

    /**
     * A fault the stand-in answers with instead of doing the work; {@code late}: it does the work, then answers
     * only after any client timeout the tests configure (the request reached Slack, its answer never arrives).
     */
    record Fault(int status, Integer retryAfterSeconds, boolean hangs, boolean late) {
        static Fault rateLimited(int retryAfterSeconds) {
            return new Fault(429, retryAfterSeconds, false, false);
        }

        static Fault serverError() {
            return new Fault(500, null, false, false);
        }

        static Fault hang() {
            return new Fault(0, null, true, false);
        }

        static Fault answersLate() {
            return new Fault(200, null, false, true);
        }
    }

    /**
     * One request and what was done with it. {@code method} is chat.postMessage, chat.update or webhook;
     * {@code accepted} when the stand-in did what was asked (posted, updated).
     */
    record Request(String method, String channel, String threadTs, String ts, String text, JsonNode blocks,
                   String blocksJson, int status, boolean accepted, String authorization, String noticeId) {

        Request(String method, String channel, String threadTs, String ts, String text, JsonNode blocks,
                String blocksJson, int status, boolean accepted, String authorization) {
            this(method, channel, threadTs, ts, text, blocks, blocksJson, status, accepted, authorization, null);
        }

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
    /** Every posted message and reply, as conversations.history and conversations.replies show them. */
    private final List<Request> stored = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_764_057_600_000_100L);
    private volatile Clock testClock;
    private final java.util.concurrent.atomic.AtomicBoolean nextReplyLate = new java.util.concurrent.atomic.AtomicBoolean();
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

    /** The next thread reply is taken, and answered only after the client gave up. */
    void answerNextReplyLate() {
        nextReplyLate.set(true);
    }

    /** Message timestamps follow this clock (as Slack's follow the wall clock), never going backwards. */
    void followClock(Clock clock) {
        testClock = clock;
    }

    /** Web API requests of one method (accepted or not): chat.postMessage, conversations.history, ... */
    List<Request> calls(String method) {
        return requests().stream().filter(r -> r.method().equals(method)).toList();
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
        if (exchange.getRequestURI().getRawQuery() != null) {
            form.putAll(form(exchange.getRequestURI().getRawQuery()));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Fault fault = fault();
        JsonNode blocks = form.containsKey("blocks") ? parse(form.get("blocks")) : JsonNode.createArrayNode(List.of());
        String noticeId = noticeIdOf(form.get("metadata"));
        if (fault != null && !fault.late()) {
            record(new Request(method, form.get("channel"), form.get("thread_ts"), form.get("ts"), form.get("text"), blocks, form.getOrDefault("blocks", "[]"),
                    fault.status(), false, authorization, noticeId));
            failWith(exchange, fault);
            return;
        }
        if (!("Bearer " + expectedToken).equals(authorization)) {
            record(new Request(method, form.get("channel"), form.get("thread_ts"), form.get("ts"), form.get("text"), blocks, form.getOrDefault("blocks", "[]"),
                    200, false, authorization, noticeId));
            respond(exchange, 200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        String answer;
        switch (method) {
            case "chat.postMessage" -> {
                String channel = CHANNEL_IDS.getOrDefault(form.get("channel"), form.get("channel"));
                String threadTs = form.get("thread_ts");
                if (threadTs != null && !messages.contains(threadTs)) {
                    record(new Request(method, channel, threadTs, null, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, false, authorization, noticeId));
                    respond(exchange, 200, "{\"ok\":false,\"error\":\"thread_not_found\"}");
                    return;
                }
                if (threadTs != null && fault == null && nextReplyLate.compareAndSet(true, false)) {
                    fault = Fault.answersLate();
                }
                String ts = nextTs();
                messages.add(ts);
                Request posted = new Request(method, channel, threadTs, ts, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, true,
                        authorization, noticeId);
                record(posted);
                store(posted);
                answer = "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + ts + "\",\"message\":{\"text\":\"\"}}";
            }
            case "chat.update" -> {
                String ts = form.get("ts");
                boolean known = ts != null && messages.contains(ts);
                record(new Request(method, form.get("channel"), null, ts, form.get("text"), blocks, form.getOrDefault("blocks", "[]"), 200, known, authorization));
                answer = known ? "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + ts + "\"}"
                        : "{\"ok\":false,\"error\":\"message_not_found\"}";
            }
            case "conversations.history", "conversations.replies" -> {
                record(new Request(method, form.get("channel"), null, form.get("ts"), null, blocks, "[]", 200, false, authorization));
                answer = history(method, form);
            }
            case "conversations.list" -> {
                record(new Request(method, null, null, null, null, blocks, "[]", 200, false, authorization));
                answer = "{\"ok\":true,\"channels\":[" + CHANNEL_IDS.entrySet().stream()
                        .map(e -> "{\"id\":\"" + e.getValue() + "\",\"name\":\"" + e.getKey().substring(1) + "\"}")
                        .collect(Collectors.joining(",")) + "],\"response_metadata\":{\"next_cursor\":\"\"}}";
            }
            default -> answer = "{\"ok\":false,\"error\":\"unknown_method\"}";
        }
        if (fault != null) {
            // Done, as Slack would have done it; the answer leaves after the client stopped waiting for it.
            sleep(LATE_MILLIS);
        }
        try {
            respond(exchange, 200, answer);
        } catch (IOException clientGone) {
            exchange.close();
        }
    }

    /** Longer than the 1.5 s client timeout the tests configure. */
    static final long LATE_MILLIS = 2_000;

    /** Top-level messages of a channel (newest first) or a thread's messages (oldest first), from {@code oldest}. */
    private synchronized String history(String method, Map<String, String> form) {
        String channel = form.get("channel");
        double oldest = form.get("oldest") == null || form.get("oldest").isEmpty() ? 0 : Double.parseDouble(form.get("oldest"));
        boolean withMetadata = "true".equals(form.get("include_all_metadata")) || "1".equals(form.get("include_all_metadata"));
        if (!CHANNEL_IDS.containsValue(channel)) {
            return "{\"ok\":false,\"error\":\"channel_not_found\"}";
        }
        List<Request> shown;
        if (method.equals("conversations.history")) {
            shown = stored.stream().filter(r -> channel.equals(r.channel()) && !r.isReply())
                    .filter(r -> Double.parseDouble(r.ts()) >= oldest)
                    .sorted((a, b) -> b.ts().compareTo(a.ts())).toList();
        } else {
            String thread = form.get("ts");
            shown = stored.stream().filter(r -> channel.equals(r.channel())
                            && (thread.equals(r.ts()) || thread.equals(r.threadTs())))
                    .filter(r -> thread.equals(r.ts()) || Double.parseDouble(r.ts()) >= oldest)
                    .sorted((a, b) -> a.ts().compareTo(b.ts())).toList();
        }
        String listed = shown.stream().map(r -> "{\"type\":\"message\",\"ts\":\"" + r.ts() + "\""
                + (r.threadTs() == null ? "" : ",\"thread_ts\":\"" + r.threadTs() + "\"")
                + ",\"text\":" + quote(r.text())
                + (withMetadata && r.noticeId() != null ? ",\"metadata\":{\"event_type\":\"buddyverse_ops_notice\","
                        + "\"event_payload\":{\"notice_id\":" + quote(r.noticeId()) + "}}" : "") + "}")
                .collect(Collectors.joining(","));
        return "{\"ok\":true,\"messages\":[" + listed + "],\"has_more\":false,\"response_metadata\":{\"next_cursor\":\"\"}}";
    }

    private synchronized void store(Request posted) {
        stored.add(posted);
    }

    private String noticeIdOf(String metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        JsonNode node = parse(metadata);
        JsonNode payload = node.get("event_payload");
        if (node.get("event_type") == null || !"buddyverse_ops_notice".equals(node.get("event_type").getStringValue())
                || payload == null || payload.get("notice_id") == null) {
            return null;
        }
        return payload.get("notice_id").getStringValue();
    }

    private String quote(String text) {
        try {
            return json.writeValueAsString(text == null ? "" : text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sleep(long millis) {
        try {
            released.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        Clock following = testClock;
        long micros = following == null ? clock.addAndGet(100) : clock.updateAndGet(last -> {
            Instant now = following.instant();
            return Math.max(last + 100, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
        });
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
