package link.buddyverse.ops.incident.slack;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * HTTP to Slack through the JDK's {@link HttpURLConnection}: the cheapest client to load at cold start (the JDK
 * has most of it loaded already; {@code java.net.http.HttpClient} brings its own executor and ~400 classes).
 * One POST per call, connect and read timeouts of {@code SLACK_TIMEOUT_MILLIS}, no retry and no wait: a slow
 * Slack leaves the notice in the outbox. URLs are never logged (a webhook's URL is its secret).
 */
@Singleton
public class SlackHttp {

    /** What Slack answered: the HTTP status, its Retry-After header, and the body as text. */
    public record Reply(int status, @Nullable String retryAfter, String body) {
    }

    private final int timeoutMillis;

    public SlackHttp(SlackSettings settings) {
        this.timeoutMillis = settings.timeoutMillis();
    }

    /** A Web API call: form-encoded, as Slack documents every method (blocks and metadata are JSON fields). */
    public Reply postForm(String url, @Nullable String bearer, Map<String, String> form) throws IOException {
        return post(url, bearer, "application/x-www-form-urlencoded; charset=utf-8", formBody(form));
    }

    /** An incoming webhook's JSON payload. */
    public Reply postJson(String url, String json) throws IOException {
        return post(url, null, "application/json; charset=utf-8", json);
    }

    static String formBody(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> {
            if (value != null) {
                body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return body.toString();
    }

    /** Opens a connection, set up as every call sets it up, without connecting (also SnapStart priming). */
    HttpURLConnection open(String url, @Nullable String bearer, String contentType) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        connection.setRequestProperty("Accept", "application/json");
        if (bearer != null) {
            connection.setRequestProperty("Authorization", "Bearer " + bearer);
        }
        return connection;
    }

    private Reply post(String url, @Nullable String bearer, String contentType, String body) throws IOException {
        HttpURLConnection connection = open(url, bearer, contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setFixedLengthStreamingMode(bytes.length);
        try {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Reply(status, connection.getHeaderField("Retry-After"), in == null ? "" : read(in));
        } finally {
            connection.disconnect();
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
