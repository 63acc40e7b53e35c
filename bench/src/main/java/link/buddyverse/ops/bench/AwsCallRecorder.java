package link.buddyverse.ops.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback pass-through in front of moto that writes down each AWS operation it forwards
 * ({@code DynamoDB.PutItem}, {@code AutoScaling.SetDesiredCapacity}...), so the bench can show that the function
 * and the plain handler make the same calls. Used for the untimed set-up runs only: timed runs talk to moto
 * directly, without the extra hop.
 */
final class AwsCallRecorder implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String target;
    private final List<String> calls = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    AwsCallRecorder(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "aws-call-recorder");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<String> takeCalls() {
        List<String> taken = List.copyOf(calls);
        calls.clear();
        bodies.clear();
        return taken;
    }

    /**
     * The same, and each call with its request body written to {@code dump}: what a plain handler has to send
     * to make the same calls (bench/README.md, "Adding a function").
     */
    synchronized List<String> takeCalls(java.nio.file.Path dump) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            text.append(calls.get(i)).append('\n').append(bodies.get(i)).append("\n\n");
        }
        java.nio.file.Files.writeString(dump, text);
        return takeCalls();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            synchronized (this) {
                calls.add(operation(exchange, body));
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
            HttpURLConnection connection = (HttpURLConnection) URI.create(target + exchange.getRequestURI()).toURL().openConnection();
            connection.setRequestMethod(exchange.getRequestMethod());
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> connection.addRequestProperty(header.getKey(), value));
                }
            }
            if (body.length > 0) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null && !HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> exchange.getResponseHeaders().add(header.getKey(), value));
                }
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    /** {@code Service.Operation}: from X-Amz-Target (JSON protocols) or the Action form field (query protocols). */
    private static String operation(HttpExchange exchange, byte[] body) {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (amzTarget != null) {
            int dot = amzTarget.lastIndexOf('.');
            String service = amzTarget.substring(0, Math.max(0, dot));
            if (service.startsWith("DynamoDB")) {
                service = "DynamoDB";
            } else if (service.startsWith("AWSEvents")) {
                service = "EventBridge";
            }
            return service + "." + amzTarget.substring(dot + 1);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        for (String source : new String[] {form, query == null ? "" : query}) {
            for (String pair : source.split("&")) {
                if (pair.startsWith("Action=")) {
                    String action = URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                    // Query-protocol services, told apart by their API version.
                    String service = form.contains("Version=2011-01-01") ? "AutoScaling"
                            : form.contains("Version=2015-12-01") ? "ElasticLoadBalancingV2"
                            : form.contains("Version=2014-10-31") ? "RDS"
                            : form.contains("Version=2016-11-15") ? "EC2" : "Query";
                    return service + "." + action;
                }
            }
        }
        String path = exchange.getRequestURI().getPath();
        // Smithy RPCv2 CBOR (the CloudWatch client): /service/<ServiceId>/operation/<Operation>.
        java.util.regex.Matcher rpc = java.util.regex.Pattern.compile("^/service/([^/]+)/operation/([^/]+)$").matcher(path);
        if (rpc.matches()) {
            return (rpc.group(1).startsWith("GraniteServiceVersion") ? "CloudWatch" : rpc.group(1)) + "." + rpc.group(2);
        }
        // EFS's REST-JSON operations by method and path, without the file system's id (a new one every run).
        if (path.startsWith("/2015-02-01/file-systems")) {
            String rest = path.substring("/2015-02-01/file-systems".length());
            String method = exchange.getRequestMethod();
            if (rest.isEmpty() || rest.equals("/")) {
                return "GET".equals(method) ? "EFS.DescribeFileSystems" : "POST".equals(method) ? "EFS.CreateFileSystem" : "EFS." + method;
            }
            if (rest.matches("/[^/]+/?")) {
                return "PUT".equals(method) ? "EFS.UpdateFileSystem" : "DELETE".equals(method) ? "EFS.DeleteFileSystem" : "EFS." + method;
            }
            return "EFS." + method + " file-systems/{id}" + rest.substring(rest.indexOf('/', 1));
        }
        // Route 53's REST-XML operations by name (its zone ids are new after every reset).
        if (path.startsWith("/2013-04-01/")) {
            String method = exchange.getRequestMethod();
            if (path.equals("/2013-04-01/hostedzonesbyname")) {
                return "Route53.ListHostedZonesByName";
            }
            if (path.matches("/2013-04-01/hostedzone/[^/]+/rrset/?")) {
                return "GET".equals(method) ? "Route53.ListResourceRecordSets" : "Route53.ChangeResourceRecordSets";
            }
            return "Route53." + method + " " + path.replaceAll("/hostedzone/[^/]+", "/hostedzone/{id}");
        }
        return exchange.getRequestMethod() + " " + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
