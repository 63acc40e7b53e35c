package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** moto_server behind the gateway: requests forwarded as they came, and the gateway's own calls to it. */
public final class Moto {

    /** Headers that belong to one connection, not to the request; and Accept-Encoding, to keep answers readable. */
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "content-length", "expect", "accept-encoding", "host");

    static {
        // Forward the client's Host header as it is (moto writes it into URLs it returns, SQS queue URLs say).
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private final URI endpoint;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Moto(URI endpoint) {
        this.endpoint = URI.create(endpoint.toString().replaceAll("/$", ""));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The request as it came, to moto; moto's answer. */
    public Answer forward(Request request) {
        URI target = URI.create(endpoint + request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        String host = request.header("Host");
        if (host != null) {
            try {
                builder.header("Host", host);
            } catch (IllegalArgumentException restricted) {
                // this JVM's HTTP client was initialised before the property above was set
            }
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, values);
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("moto at " + endpoint + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto", e);
        }
    }

    /** A query-protocol call of the gateway's own (Auto Scaling, ELBv2...), in {@code region}. */
    public Answer query(String service, String region, Map<String, String> parameters) {
        String body = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return forward(new Request("POST", "/", null, Map.of(
                "Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "Authorization", List.of(authorization(service, region))), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A REST call of the gateway's own (EFS), in {@code region}. */
    public Answer rest(String service, String region, String method, String pathAndQuery, JsonNode body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        return forward(new Request(method, path, query, Map.of(
                "Content-Type", List.of("application/json"),
                "Authorization", List.of(authorization(service, region))), body == null ? new byte[0] : Json.bytes(body)));
    }

    /** moto reads the service and the region from the SigV4 credential scope; it checks no signature. */
    static String authorization(String service, String region) {
        return "AWS4-HMAC-SHA256 Credential=local-aws/20260101/" + (region == null ? "us-east-1" : region) + "/"
                + Services.signingName(service) + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    /** moto forgets every resource. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reset moto at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }
}
