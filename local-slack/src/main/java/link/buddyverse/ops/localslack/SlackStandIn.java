package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack: the Web API's chat.postMessage and chat.update (form
 * bodies with a bearer token, as Slack's SDK sends them), conversations.history, conversations.replies and
 * conversations.list (messages with their metadata, when asked for it), and an incoming webhook (JSON).
 *
 * <p>One stand-in for everyone who needs a Slack without the internet: the notifier's tests (which also make it
 * fail: 429 with Retry-After, 500, a hang, an answer that comes after the client gave up), the bench, and
 * {@code ./ops sandbox} and {@code ./ops demo}, which show what it received as a person would see the channel
 * ({@link #history()}, {@link SlackChannelHtml}). It keeps the messages it accepted, like Slack would, and records
 * every request with the instant it arrived. Its message timestamps and those instants follow a given clock
 * ({@link #followClock}), so a test's simulated time reads as Slack's.
 */
public final class SlackStandIn implements AutoCloseable {

    /** A token of Slack's bot shape; it never leaves loopback. */
    public static final String TOKEN = "xoxb-000000000000-1111111111111-StandInTokenDoNotLog";
    /** The incoming webhook's path, as Slack's are shaped: /services/T.../B.../secret. */
    public static final String WEBHOOK_PATH = "/services/T0BUDDY00/B0OPS0000/StandInWebhookSecret";
    /** The workspace's channels (the template's defaults), name to id: conversations.* take ids only. */
    public static final Map<String, String> CHANNEL_IDS = Map.of("#buddy-incidents", "C0CRITICAL", "#buddy-ops", "C0WARNING");
    /** How late a {@link Fault#answersLate()} answer comes: longer than the 1.5 s client timeout tests configure. */
    public static final long LATE_MILLIS = 2_000;
    /** The channel the read model files incoming-webhook posts under: a webhook posts to its own channel. */
    public static final String WEBHOOK_CHANNEL = "webhook";

    /**
     * A fault the stand-in answers with instead of doing the work; {@code late}: it does the work, then answers
     * only after any client timeout the tests configure (the request reached Slack, its answer never arrives).
     */
    public record Fault(int status, Integer retryAfterSeconds, boolean hangs, boolean late) {
        /** HTTP 429 with Retry-After, as Slack's rate limiter answers. */
        public static Fault rateLimited(int retryAfterSeconds) {
            return new Fault(429, retryAfterSeconds, false, false);
        }

        public static Fault serverError() {
            return new Fault(500, null, false, false);
        }

        /** No answer at all: the connection is held, then dropped. */
        public static Fault hang() {
            return new Fault(0, null, true, false);
        }

        public static Fault answersLate() {
            return new Fault(200, null, false, true);
        }
    }

    /**
     * One request and what was done with it. {@code method} is the Web API method (chat.postMessage, chat.update,
     * conversations.history, ...) or {@code webhook}; {@code at} when it arrived (by the followed clock, if any);
     * {@code channel} as the stand-in resolved it (a posted message's channel id); {@code ts} the message's
     * timestamp (given for chat.update, assigned for an accepted post); {@code blocks} the Block Kit blocks sent
     * (an empty array when none), {@code blocksJson} them as sent; {@code accepted} when the stand-in did what was
     * asked (posted, updated); {@code noticeId} the notifier's notice id from the message metadata, if any.
     */
    public record Request(Instant at, String method, String channel, String threadTs, String ts, String text,
                          JsonNode blocks, String blocksJson, int status, boolean accepted, String authorization,
                          String noticeId) {

        public boolean isReply() {
            return threadTs != null && !threadTs.isEmpty();
        }

        /**
         * The text of a block by its {@code block_id}: a header's or section's text, or a section's fields (a
         * context's elements) one per line; null when the message has no such block. Tests read messages by
         * the block ids the notifier gives them.
         */
        public String block(String blockId) {
            for (JsonNode block : blocks) {
                if (!blockId.equals(block.path("block_id").asText(null))) {
                    continue;
                }
                if (block.has("text")) {
                    return block.get("text").path("text").asText();
                }
                StringBuilder joined = new StringBuilder();
                JsonNode parts = block.has("fields") ? block.get("fields") : block.path("elements");
                for (JsonNode part : parts) {
                    joined.append(part.path("text").asText()).append('\n');
                }
                return joined.toString();
            }
            return null;
        }

        /** All of the message's text, blocks included: for "it says X somewhere". */
        public String everything() {
            return text + "\n" + blocksJson;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        // Daemon threads: a stand-in left open never keeps a test JVM, the bench or the sandbox alive.
        Thread thread = new Thread(runnable, "slack-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Fault> scripted = new ArrayDeque<>();
    private final Set<String> messages = ConcurrentHashMap.newKeySet();
    /** Every posted message and reply, as conversations.history and conversations.replies show them. */
    private final List<Request> stored = new ArrayList<>();
    /** Micros since the epoch of the last ts given; ts are unique and increasing, as Slack's are per channel. */
    private final AtomicLong lastTs = new AtomicLong(1_764_057_600_000_100L);
    private final AtomicBoolean nextReplyLate = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Clock followed;
    private volatile Fault down;
    private volatile String expectedToken = TOKEN;
    /** Faults for the next calls of one method ({@link #failNextCall}). */
    private final Map<String, Deque<Fault>> byMethod = new ConcurrentHashMap<>();
    /** Methods refused with an error until {@link #allow}: method -> {@code {"error", "needed"}}. */
    private final Map<String, String[]> refused = new ConcurrentHashMap<>();
    /** What auth.test names in x-oauth-scopes: the scopes IncidentNotifierFunction uses (its README's "Slack scopes"). */
    public static final List<String> NOTIFIER_SCOPES = List.of("chat:write", "channels:history", "groups:history",
            "channels:read", "groups:read");
    private volatile List<String> scopes = NOTIFIER_SCOPES;

    private SlackStandIn(int port) throws IOException {
        // Without it the JDK's server waits for delayed ACKs: ~40 ms per small response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/api/", this::api);
        server.createContext("/services/", this::webhook);
        server.start();
    }

    /** A stand-in on a free loopback port, answering at once. */
    public static SlackStandIn start() {
        return start(0);
    }

    /** A stand-in on {@code port} of 127.0.0.1 (0: a free one). */
    public static SlackStandIn start(int port) {
        try {
            return new SlackStandIn(port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Slack stand-in on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The loopback port it answers on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * {@code java -cp ... link.buddyverse.ops.localslack.SlackStandIn --port N}: a stand-in in a process of its own
     * (what {@code ./ops sandbox up} leaves running), until the process is stopped. Prints its API URL once it answers.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        SlackStandIn slack = start(port);
        System.out.println("Slack stand-in: SLACK_API_URL=" + slack.apiUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** SLACK_API_URL: the Web API's method prefix, ending in /api/. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** SLACK_WEBHOOK_URL: the one incoming webhook this workspace has. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + WEBHOOK_PATH;
    }

    /** The bot token's scopes from now on, as auth.test reports them (x-oauth-scopes). */
    public void scopes(List<String> granted) {
        scopes = List.copyOf(granted);
    }

    /** SLACK_BOT_TOKEN: the bot token the Web API accepts now. */
    public String token() {
        return expectedToken;
    }

    /** The next {@code count} requests get this fault, then the stand-in works again. */
    public synchronized void failNext(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            scripted.add(fault);
        }
    }

    /** The next call of {@code method} (only that method: a look-up, say) gets this fault. */
    public void failNextCall(String method, Fault fault) {
        byMethod.computeIfAbsent(method, m -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(fault);
    }

    /** Every request gets this fault until {@link #up()}. */
    public void down(Fault fault) {
        down = fault;
    }

    public void up() {
        down = null;
    }

    /**
     * Every call of {@code method} is answered {@code ok: false} with {@code error} (and {@code needed}, as Slack
     * names the scope a {@code missing_scope} call lacks) until {@link #allow}: an app installed without a scope.
     */
    public void refuse(String method, String error, String needed) {
        refused.put(method, new String[] {error, needed});
    }

    public void allow(String method) {
        refused.remove(method);
    }

    /** From now on only this bot token is accepted (invalid_auth otherwise), as after a token rotation. */
    public void expectToken(String token) {
        expectedToken = token;
    }

    /** The next thread reply is taken, and answered only after the client gave up. */
    public void answerNextReplyLate() {
        nextReplyLate.set(true);
    }

    /** Message timestamps and request instants follow this clock (as Slack's follow the wall clock), never going backwards. */
    public void followClock(Clock clock) {
        followed = clock;
    }

    /** Web API requests of one method (accepted or not): chat.postMessage, conversations.history, ... */
    public List<Request> calls(String method) {
        return requests().stream().filter(r -> r.method().equals(method)).toList();
    }

    /** Every request since the start (or the last {@link #reset()}), in arrival order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    public List<Request> accepted(String method) {
        return accepted().stream().filter(r -> r.method().equals(method)).toList();
    }

    /** Posted messages that are not thread replies. */
    public List<Request> roots() {
        return accepted("chat.postMessage").stream().filter(r -> !r.isReply()).toList();
    }

    public List<Request> replies() {
        return accepted("chat.postMessage").stream().filter(Request::isReply).toList();
    }

    public List<Request> repliesTo(String ts) {
        return replies().stream().filter(r -> ts.equals(r.threadTs())).toList();
    }

    public List<Request> updatesOf(String ts) {
        return accepted("chat.update").stream().filter(r -> ts.equals(r.ts())).toList();
    }

    /** The channels as a person would see them now: each message with its edits and its thread. */
    public SlackHistory history() {
        Map<String, String> names = CHANNEL_IDS.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        return SlackHistory.of(accepted(), names);
    }

    /**
     * Forgets every message and request and any fault, as a fresh workspace (a sandbox reset); timestamps keep
     * increasing, so a message after a reset never takes an earlier one's ts.
     */
    public synchronized void reset() {
        refused.clear();
        byMethod.clear();
        requests.clear();
        stored.clear();
        messages.clear();
        scripted.clear();
        down = null;
        nextReplyLate.set(false);
        scopes = NOTIFIER_SCOPES;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void api(HttpExchange exchange) throws IOException {
        Instant at = now();
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (exchange.getRequestURI().getRawQuery() != null) {
            form.putAll(form(exchange.getRequestURI().getRawQuery()));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Deque<Fault> forMethod = byMethod.get(method);
        Fault methodFault = forMethod == null ? null : forMethod.poll();
        Fault fault = methodFault != null ? methodFault : fault();
        String blocksJson = form.getOrDefault("blocks", "[]");
        JsonNode blocks = parse(blocksJson);
        String noticeId = noticeIdOf(form.get("metadata"));
        String text = form.get("text");
        if (fault != null && !fault.late()) {
            record(new Request(at, method, form.get("channel"), form.get("thread_ts"), form.get("ts"), text, blocks, blocksJson,
                    fault.status(), false, authorization, noticeId));
            failWith(exchange, fault);
            return;
        }
        if (!("Bearer " + expectedToken).equals(authorization)) {
            record(new Request(at, method, form.get("channel"), form.get("thread_ts"), form.get("ts"), text, blocks, blocksJson,
                    200, false, authorization, noticeId));
            respond(exchange, 200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        String[] refusal = refused.get(method);
        if (refusal != null) {
            record(new Request(at, method, form.get("channel"), form.get("thread_ts"), form.get("ts"), text, blocks, blocksJson,
                    200, false, authorization, noticeId));
            respond(exchange, 200, "{\"ok\":false,\"error\":" + quote(refusal[0]) + ",\"needed\":" + quote(refusal[1])
                    + ",\"provided\":\"chat:write\"}");
            return;
        }
        String answer;
        switch (method) {
            case "chat.postMessage" -> {
                String channel = CHANNEL_IDS.getOrDefault(form.get("channel"), form.get("channel"));
                String threadTs = form.get("thread_ts");
                if (threadTs != null && !messages.contains(threadTs)) {
                    record(new Request(at, method, channel, threadTs, null, text, blocks, blocksJson, 200, false, authorization, noticeId));
                    respond(exchange, 200, "{\"ok\":false,\"error\":\"thread_not_found\"}");
                    return;
                }
                if (threadTs != null && fault == null && nextReplyLate.compareAndSet(true, false)) {
                    fault = Fault.answersLate();
                }
                String ts = nextTs();
                messages.add(ts);
                Request posted = new Request(at, method, channel, threadTs, ts, text, blocks, blocksJson, 200, true, authorization, noticeId);
                record(posted);
                store(posted);
                answer = "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + ts + "\",\"message\":{\"text\":\"\"}}";
            }
            case "chat.update" -> {
                String ts = form.get("ts");
                boolean known = ts != null && messages.contains(ts);
                record(new Request(at, method, form.get("channel"), null, ts, text, blocks, blocksJson, 200, known, authorization, null));
                answer = known ? "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"" + ts + "\"}"
                        : "{\"ok\":false,\"error\":\"message_not_found\"}";
            }
            case "conversations.history", "conversations.replies" -> {
                record(new Request(at, method, form.get("channel"), null, form.get("ts"), null, blocks, "[]", 200, false, authorization, null));
                answer = history(method, form);
            }
            case "auth.test" -> {
                // Slack names the token's scopes in a response header; preflight checks the notifier's are there.
                record(new Request(at, method, null, null, null, null, blocks, "[]", 200, true, authorization, null));
                exchange.getResponseHeaders().add("x-oauth-scopes", String.join(",", scopes));
                answer = "{\"ok\":true,\"url\":\"https://buddyverse.slack.com/\",\"team\":\"Buddyverse\",\"user\":\"buddyverse-ops\","
                        + "\"team_id\":\"T0BUDDY\",\"user_id\":\"U0BUDDYOPS\",\"bot_id\":\"B0BUDDYOPS\"}";
            }
            case "conversations.list" -> {
                record(new Request(at, method, null, null, null, null, blocks, "[]", 200, false, authorization, null));
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

    private static String noticeIdOf(String metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        JsonNode node = parse(metadata);
        JsonNode noticeId = node.path("event_payload").path("notice_id");
        if (!"buddyverse_ops_notice".equals(node.path("event_type").asText(null)) || !noticeId.isTextual()) {
            return null;
        }
        return noticeId.asText();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text == null ? "" : text);
        } catch (JsonProcessingException e) {
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
        Instant at = now();
        JsonNode payload = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        JsonNode blocks = payload.has("blocks") ? payload.get("blocks") : JSON.createArrayNode();
        String blocksJson = JSON.writeValueAsString(blocks);
        String text = payload.path("text").asText(null);
        Fault fault = fault();
        if (fault != null) {
            record(new Request(at, "webhook", null, null, null, text, blocks, blocksJson, fault.status(), false, null, null));
            failWith(exchange, fault);
            return;
        }
        if (!WEBHOOK_PATH.equals(exchange.getRequestURI().getPath())) {
            record(new Request(at, "webhook", null, null, null, text, blocks, blocksJson, 404, false, null, null));
            respond(exchange, 404, "no_service");
            return;
        }
        // Slack gives a webhook's message a ts in its channel too; the webhook's answer never shows it.
        record(new Request(at, "webhook", null, null, nextTs(), text, blocks, blocksJson, 200, true, null, null));
        respond(exchange, 200, "ok");
    }

    private synchronized Fault fault() {
        Fault next = scripted.poll();
        return next != null ? next : down;
    }

    private void failWith(HttpExchange exchange, Fault fault) throws IOException {
        if (fault.hangs()) {
            // Longer than any client timeout the tests configure; the request is dropped unanswered.
            sleep(3_000);
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

    private Instant now() {
        Clock clock = followed;
        return clock == null ? Instant.now() : clock.instant();
    }

    private String nextTs() {
        Clock clock = followed;
        long micros = clock == null ? lastTs.addAndGet(100) : lastTs.updateAndGet(last -> {
            Instant now = clock.instant();
            return Math.max(last + 100, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
        });
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
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
