package link.buddyverse.ops.cli.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The sandbox's endpoint ({@code AWS_ENDPOINT_URL}): forwards every call to moto_server as it is, with one
 * narrow exception. moto runs no health checks and reports every registered, running target {@code healthy};
 * a drill that stops Apache on a web server needs the target group to say otherwise. So DescribeTargetHealth
 * answers are moto's, except that the targets a drill has marked (control API below) are reported
 * {@code unhealthy} with the reason the ALB would give. The gateway records each such answer.
 *
 * <p>Control API, on the same port: {@code GET /_sandbox/} (what is marked, how many answers were rewritten),
 * {@code PUT /_sandbox/target-health/<target id>?reason=...&description=...} and
 * {@code DELETE /_sandbox/target-health/<target id>}.
 *
 * <p>JDK classes only: {@code ./ops sandbox up} runs it as a JVM of its own with this class's location alone on
 * the classpath ({@link #main}).
 */
public final class SandboxGateway implements AutoCloseable {

    public static final String CONTROL = "/_sandbox/";
    public static final String TARGET_HEALTH = CONTROL + "target-health/";
    static final String IDENTITY = "buddyverse-ops sandbox gateway";

    /** Headers that belong to one connection, not to the request; and Accept-Encoding, to keep answers readable. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "expect", "accept-encoding");

    static {
        // Forward the client's Host header as it is (moto writes it into URLs it returns, SQS queue URLs say).
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    /** How a marked target is reported. */
    record Marked(String reason, String description) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI upstream;
    private final HttpClient client;
    private final Map<String, Marked> unhealthy = new ConcurrentHashMap<>();
    private final AtomicLong rewrittenAnswers = new AtomicLong();

    private SandboxGateway(HttpServer server, ExecutorService executor, URI upstream) {
        this.server = server;
        this.executor = executor;
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and forwards to {@code upstream}. */
    public static SandboxGateway start(int port, URI upstream) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "sandbox-gateway");
            thread.setDaemon(true);
            return thread;
        });
        SandboxGateway gateway = new SandboxGateway(server, executor, upstream);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Reports {@code targetId} unhealthy from now on. */
    public void markUnhealthy(String targetId, String reason, String description) {
        unhealthy.put(targetId, new Marked(reason, description));
    }

    public void clear(String targetId) {
        unhealthy.remove(targetId);
    }

    public void clearAll() {
        unhealthy.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                if (exchange.getRequestURI().getRawPath().startsWith(CONTROL)) {
                    control(exchange);
                } else {
                    forward(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 502, "text/plain", "sandbox gateway: interrupted");
            } catch (Exception e) {
                respond(exchange, 502, "text/plain", "sandbox gateway: moto at " + upstream + " did not answer: " + e);
            }
        } catch (IOException clientGone) {
            // the caller hung up; nothing to answer
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(upstream.toString().replaceAll("/$", "") + exchange.getRequestURI().getRawPath()
                + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                for (String value : values) {
                    try {
                        request.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // Host, when this JVM's HTTP client was initialised before the property above was set
                    }
                }
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] answer = response.body();
        if (response.statusCode() == 200 && !unhealthy.isEmpty() && isDescribeTargetHealth(query, body)) {
            answer = rewriteTargetHealth(answer);
        }
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean empty = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
        if (!empty) {
            exchange.getResponseBody().write(answer);
        }
    }

    static boolean isDescribeTargetHealth(String query, byte[] body) {
        String action = "Action=DescribeTargetHealth";
        return (query != null && (query.contains(action + "&") || query.endsWith(action)))
                || new String(body, StandardCharsets.UTF_8).matches("(?s)(^|.*&)" + action + "(&.*|$)");
    }

    /** moto's DescribeTargetHealth answer with the marked targets' TargetHealth replaced. */
    byte[] rewriteTargetHealth(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList targets = document.getElementsByTagName("Target");
            boolean changed = false;
            for (int i = 0; i < targets.getLength(); i++) {
                Element target = (Element) targets.item(i);
                Element id = child(target, "Id");
                Node member = target.getParentNode();
                Marked marked = id == null ? null : unhealthy.get(id.getTextContent().trim());
                if (marked == null || !(member instanceof Element description)) {
                    continue;
                }
                Element health = child(description, "TargetHealth");
                if (health == null) {
                    health = document.createElementNS(description.getNamespaceURI(), "TargetHealth");
                    description.appendChild(health);
                }
                while (health.getFirstChild() != null) {
                    health.removeChild(health.getFirstChild());
                }
                appendText(document, health, "State", "unhealthy");
                appendText(document, health, "Reason", marked.reason());
                appendText(document, health, "Description", marked.description());
                changed = true;
            }
            if (!changed) {
                return xml;
            }
            rewrittenAnswers.incrementAndGet();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception notXml) {
            return xml;
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName() != null ? element.getLocalName() : element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static void appendText(Document document, Element parent, String name, String text) {
        Element element = document.createElementNS(parent.getNamespaceURI(), name);
        element.setTextContent(text);
        parent.appendChild(element);
    }

    private void control(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals(CONTROL) && method.equals("GET")) {
            respond(exchange, 200, "application/json", status());
            return;
        }
        if (path.startsWith(TARGET_HEALTH) && path.length() > TARGET_HEALTH.length()) {
            String target = URLDecoder.decode(path.substring(TARGET_HEALTH.length()), StandardCharsets.UTF_8);
            if (method.equals("PUT")) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                markUnhealthy(target, query.getOrDefault("reason", "Target.FailedHealthChecks"),
                        query.getOrDefault("description", "Health checks failed"));
                respond(exchange, 204, null, "");
                return;
            }
            if (method.equals("DELETE")) {
                clear(target);
                respond(exchange, 204, null, "");
                return;
            }
        }
        respond(exchange, 404, "text/plain", "unknown sandbox control call: " + method + " " + path);
    }

    private String status() {
        StringBuilder json = new StringBuilder("{\"gateway\":\"" + IDENTITY + "\",\"upstream\":\"" + upstream
                + "\",\"rewrittenAnswers\":" + rewrittenAnswers.get() + ",\"unhealthyTargets\":{");
        boolean first = true;
        for (Map.Entry<String, Marked> entry : new TreeMap<>(unhealthy).entrySet()) {
            json.append(first ? "" : ",").append('"').append(escape(entry.getKey())).append("\":\"")
                    .append(escape(entry.getValue().reason())).append('"');
            first = false;
        }
        return json.append("}}").toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new TreeMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /**
     * {@code java -cp <this class's location> link.buddyverse.ops.cli.sandbox.SandboxGateway --port P
     * --upstream http://127.0.0.1:M [--upstream-pid PID]}: runs until killed, or until the moto_server process it
     * fronts ends.
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
            System.err.println("usage: SandboxGateway --port P --upstream http://127.0.0.1:M [--upstream-pid PID]");
            System.exit(2);
        }
        SandboxGateway gateway = start(port, upstream);
        System.out.println("sandbox gateway on " + gateway.endpoint() + " -> " + upstream);
        System.out.flush();
        if (upstreamPid > 0) {
            ProcessHandle moto = ProcessHandle.of(upstreamPid).orElse(null);
            if (moto != null) {
                moto.onExit().join();
            }
            gateway.close();
            System.exit(0);
        }
        Thread.currentThread().join();
    }
}
