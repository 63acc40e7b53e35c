package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One local AWS for tests, the sandbox and the demo: an HTTP endpoint on 127.0.0.1 in front of moto_server.
 * Every call goes on to moto unchanged, except where a rule says otherwise: {@link Faults} (throttling, HTTP 500,
 * delays, dropped connections, on demand), the {@link CborBridge} (the SDK's RPCv2 CBOR to moto's JSON protocol),
 * and the {@link Played} operations moto lacks. Every call is recorded ({@link #calls()}).
 *
 * <pre>{@code
 * Gateway gateway = Gateway.start(URI.create("http://127.0.0.1:5000"));   // moto_server's endpoint
 * // point the SDK at gateway.endpoint()
 * gateway.faults().on("dynamodb", "UpdateItem").throttle().nextCalls(3);
 * gateway.calls().count("autoscaling", "SetDesiredCapacity");
 * }</pre>
 *
 * <p>The same, over HTTP on the gateway's port, for a gateway in another process ({@code ./ops sandbox up}):
 * {@code GET /_local-aws/} (status), {@code GET /_local-aws/calls}, {@code POST /_local-aws/reset},
 * {@code POST|DELETE /_local-aws/faults}, {@code PUT|DELETE /_local-aws/target-health/<target id>},
 * {@code POST /_local-aws/lifecycle/pause}, {@code PUT|DELETE /_local-aws/run-command/<instance id>}
 * (bodies in {@code local-aws/README.md}).
 */
public final class Gateway implements AutoCloseable {

    public static final String CONTROL = "/_local-aws/";
    public static final String IDENTITY = "buddyverse-ops local-aws gateway";
    static final int MAX_PARAMETERS_KEPT = 16_384;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Moto moto;
    private final Calls calls = new Calls();
    private final Faults faults = new Faults();
    private final Played played;

    private Gateway(HttpServer server, ExecutorService executor, Moto moto) {
        this.server = server;
        this.executor = executor;
        this.moto = moto;
        this.played = new Played(moto);
    }

    /** A gateway on a free loopback port in front of moto_server at {@code motoEndpoint}. */
    public static Gateway start(URI motoEndpoint) {
        return start(0, motoEndpoint);
    }

    /** A gateway on 127.0.0.1:{@code port} (0: any free port) in front of moto_server at {@code motoEndpoint}. */
    public static Gateway start(int port, URI motoEndpoint) {
        // Without TCP_NODELAY the JDK's server leaves each small answer to the client's delayed ACK: about 40 ms on
        // every AWS call (a warm notifier event of 17 calls took 1.1 s instead of 0.2 s). Read once, when the JDK's
        // HTTP server is first used in this JVM, so it is set before the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "local-aws-gateway");
                thread.setDaemon(true);
                return thread;
            });
            Gateway gateway = new Gateway(server, executor, new Moto(motoEndpoint));
            server.createContext("/", gateway::handle);
            server.setExecutor(executor);
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** What the SDK is pointed at ({@code aws.endpointUrl}, {@code AWS_ENDPOINT_URL}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** moto_server's own endpoint, behind the gateway. */
    public URI motoEndpoint() {
        return moto.endpoint();
    }

    public Moto moto() {
        return moto;
    }

    public Calls calls() {
        return calls;
    }

    public Faults faults() {
        return faults;
    }

    public Played played() {
        return played;
    }

    /** Forgets the played state, the faults and the recorded calls (not moto's state: {@link #resetAll()}). */
    public void reset() {
        faults.clear();
        played.reset();
        calls.clear();
    }

    /** moto forgets every resource too: what a test starts from. */
    public void resetAll() {
        moto.reset();
        reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                String path = exchange.getRequestURI().getRawPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (path.startsWith(CONTROL) || path.equals(CONTROL.substring(0, CONTROL.length() - 1))) {
                    send(exchange, control(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), body), false);
                    return;
                }
                Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body);
                if (request.region() != null) {
                    played.lastRegion(request.region());
                }
                serve(exchange, request);
            } catch (DroppedConnection drop) {
                throw drop;
            } catch (RuntimeException e) {
                System.err.println("local-aws gateway: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed: " + e);
                e.printStackTrace();
                send(exchange, Answer.text(502, "text/plain", "local-aws gateway: " + e), false);
            }
        } catch (IOException clientGone) {
            // the caller hung up, or a dropped connection was asked for
        }
    }

    private void serve(HttpExchange exchange, Request request) throws IOException {
        Instant time = Instant.now();
        String parameters = request.canonicalParameters();
        Faults.Decision decision = faults.decide(request.service(), request.operation(), parameters);
        if (!decision.delay().isZero()) {
            try {
                Thread.sleep(decision.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Faults.Kind kind = decision.kind();
        String[] handledBy = {"moto"};
        Answer answer;
        if (kind == Faults.Kind.THROTTLE) {
            answer = ErrorShapes.throttling(request);
            handledBy[0] = kind.label;
        } else if (kind == Faults.Kind.SERVER_ERROR) {
            answer = ErrorShapes.serverError(request);
            handledBy[0] = kind.label;
        } else if (kind == Faults.Kind.REFUSE) {
            answer = ErrorShapes.clientError(request, 400, decision.fault().code(), decision.fault().message());
            handledBy[0] = kind.label;
        } else {
            java.util.function.Function<Request, Answer> dispatch = r -> {
                Answer playedAnswer = played.answer(r, moto);
                if (playedAnswer != null) {
                    handledBy[0] = "played";
                    return playedAnswer;
                }
                return moto.forward(r);
            };
            answer = request.protocol() == Protocol.RPCV2_CBOR ? CborBridge.bridge(request, dispatch) : dispatch.apply(request);
            if (kind == Faults.Kind.DROP_CONNECTION) {
                handledBy[0] = kind.label;
            } else if (!decision.delay().isZero()) {
                handledBy[0] = handledBy[0] + "+" + Faults.Kind.DELAY.label;
            }
        }
        // The digest covers every parameter; the text kept is cut short for the few huge ones (CreateStack's template).
        String kept = parameters.length() <= MAX_PARAMETERS_KEPT ? parameters
                : parameters.substring(0, MAX_PARAMETERS_KEPT) + "...(" + parameters.length() + " characters)";
        calls.record(new Call(time, request.service(), request.operation(), request.protocol(), Request.digest(parameters),
                answer.status(), kept, handledBy[0]));
        send(exchange, answer, kind == Faults.Kind.DROP_CONNECTION);
    }

    private static void send(HttpExchange exchange, Answer answer, boolean drop) throws IOException {
        answer.headers().forEach((name, values) -> {
            if (!Moto.NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = answer.body();
        if (drop) {
            // Promise the whole answer, send half of it, close: the client reads a truncated answer.
            exchange.sendResponseHeaders(answer.status(), Math.max(body.length, 2));
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // The JDK's server closes the connection when a handler throws: the client reads a truncated answer.
            throw new DroppedConnection();
        }
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Thrown out of the handler on purpose, so that the JDK's server closes the connection. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    // ---- control API --------------------------------------------------------------------------------------

    private Answer control(String method, String path, String rawQuery, byte[] body) {
        String rest = path.length() <= CONTROL.length() ? "" : path.substring(CONTROL.length());
        try {
            if (rest.isEmpty() && method.equals("GET")) {
                return json(200, status());
            }
            if (rest.equals("calls") && method.equals("GET")) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                for (Call call : calls.all()) {
                    ObjectNode item = list.addObject();
                    item.put("time", call.time().toString());
                    item.put("service", call.service());
                    item.put("operation", call.operation());
                    item.put("protocol", call.protocol().name());
                    item.put("digest", call.digest());
                    item.put("status", call.status());
                    item.put("parameters", call.parameters());
                    item.put("handledBy", call.handledBy());
                }
                return json(200, list);
            }
            if (rest.equals("reset") && method.equals("POST")) {
                if (query(rawQuery).containsKey("moto")) {
                    resetAll();
                } else {
                    reset();
                }
                return Answer.of(204, null, new byte[0]);
            }
            if (rest.equals("faults") && method.equals("DELETE")) {
                faults.clear();
                return Answer.of(204, null, new byte[0]);
            }
            if (rest.equals("faults") && method.equals("POST")) {
                addFault(Json.parse(body));
                return Answer.of(204, null, new byte[0]);
            }
            if (rest.startsWith("target-health/") && rest.length() > "target-health/".length()) {
                String target = URLDecoder.decode(rest.substring("target-health/".length()), StandardCharsets.UTF_8);
                if (method.equals("PUT")) {
                    Map<String, String> query = query(rawQuery);
                    if ("draining".equals(query.get("state"))) {
                        played.targetHealth().markDraining(target);
                    } else {
                        played.targetHealth().markUnhealthy(target, query.getOrDefault("reason", "Target.FailedHealthChecks"),
                                query.getOrDefault("description", "Health checks failed"));
                    }
                    return Answer.of(204, null, new byte[0]);
                }
                if (method.equals("DELETE")) {
                    played.targetHealth().clear(target);
                    return Answer.of(204, null, new byte[0]);
                }
            }
            Answer more = played.control(method, rest, Json.parse(body.length == 0 ? "{}".getBytes() : body));
            if (more != null) {
                return more;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Answer.text(400, "text/plain", e.getMessage());
        }
        return Answer.text(404, "text/plain", "unknown local-aws control call: " + method + " " + path);
    }

    /** {"service","operation","kind":"throttle|server-error|delay|drop-connection","delayMillis", and one of "nextCalls","fraction","windowMillis"}. */
    private void addFault(JsonNode spec) {
        Faults.Target target = faults.on(spec.path("service").asText(), spec.path("operation").asText("*"));
        Faults.Scope scope = switch (spec.path("kind").asText()) {
            case "throttle" -> target.throttle();
            case "server-error" -> target.serverError();
            case "delay" -> target.delay(Duration.ofMillis(spec.path("delayMillis").asLong()));
            case "drop-connection" -> target.dropConnection();
            default -> throw new IllegalArgumentException("unknown fault kind " + spec.path("kind"));
        };
        if (spec.has("nextCalls")) {
            scope.nextCalls(spec.get("nextCalls").asInt());
        } else if (spec.has("fraction")) {
            scope.fraction(spec.get("fraction").asDouble());
        } else if (spec.has("windowMillis")) {
            scope.forWindow(Duration.ofMillis(spec.get("windowMillis").asLong()));
        } else {
            scope.always();
        }
    }

    private ObjectNode status() {
        ObjectNode status = Json.object();
        status.put("gateway", IDENTITY);
        status.put("upstream", moto.endpoint().toString());
        status.put("calls", calls.all().size());
        ArrayNode operations = status.putArray("played");
        played.operations().forEach(operations::add);
        ArrayNode active = status.putArray("faults");
        faults.active().forEach(f -> active.add(f.toString()));
        status.put("rewrittenAnswers", played.targetHealth().rewrittenAnswers());
        ObjectNode marked = status.putObject("unhealthyTargets");
        played.targetHealth().marked().forEach((id, m) -> marked.put(id, m.reason()));
        return status;
    }

    private static Answer json(int status, JsonNode body) {
        return Answer.of(status, "application/json", Json.bytes(body));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                values.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /**
     * {@code java -cp <local-aws and Jackson> link.buddyverse.ops.localaws.Gateway --port P --upstream URL
     * [--upstream-pid PID]}: runs until killed, or until the moto_server process it fronts ends.
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        URI upstream = null;
        long upstreamPid = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--upstream" -> upstream = URI.create(args[i + 1]);
                case "--upstream-pid" -> upstreamPid = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (upstream == null) {
            System.err.println("usage: Gateway --port P --upstream http://127.0.0.1:M [--upstream-pid PID]");
            System.exit(2);
        }
        Gateway gateway = start(port, upstream);
        System.out.println("local-aws gateway on " + gateway.endpoint() + " -> " + upstream);
        System.out.flush();
        if (upstreamPid > 0) {
            ProcessHandle.of(upstreamPid).ifPresent(moto -> moto.onExit().join());
            gateway.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }

}
