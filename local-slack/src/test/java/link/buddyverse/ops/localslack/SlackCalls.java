package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The Web API calls a Slack client makes (form bodies, bearer token), as the notifier's SDK sends them. */
final class SlackCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SlackStandIn slack;
    private String token = SlackStandIn.TOKEN;

    SlackCalls(SlackStandIn slack) {
        this.slack = slack;
    }

    SlackCalls withToken(String token) {
        this.token = token;
        return this;
    }

    /** chat.postMessage; the message's ts. */
    String post(String channel, String text, String blocksJson) {
        return call("chat.postMessage", form("channel", channel, "text", text, "blocks", blocksJson)).path("ts").asText(null);
    }

    String reply(String channel, String threadTs, String text, String noticeId) {
        Map<String, String> form = form("channel", channel, "thread_ts", threadTs, "text", text);
        form.put("metadata", "{\"event_type\":\"buddyverse_ops_notice\",\"event_payload\":{\"notice_id\":\"" + noticeId + "\"}}");
        return call("chat.postMessage", form).path("ts").asText(null);
    }

    JsonNode update(String channel, String ts, String text, String blocksJson) {
        return call("chat.update", form("channel", channel, "ts", ts, "text", text, "blocks", blocksJson));
    }

    JsonNode call(String method, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String answer = send(request).body();
        if (!answer.startsWith("{")) {
            // A fault's plain-text answer ("internal error"): nothing a client could read.
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An incoming-webhook post: HTTP status and body. */
    HttpResponse<String> webhook(String json) {
        return send(HttpRequest.newBuilder(URI.create(slack.webhookUrl())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                form.put(pairs[i], pairs[i + 1]);
            }
        }
        return form;
    }
}
