package link.buddyverse.ops.localaws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP answer: moto's, a played operation's, or a fault's. Header names as given; bodies as bytes. */
public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

    public Answer {
        headers = new LinkedHashMap<>(headers);
    }

    public static Answer of(int status, String contentType, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        return new Answer(status, headers, body);
    }

    public static Answer text(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    public Answer withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, List.of(value));
        return new Answer(status, copy, body);
    }

    /** The same answer with another body (and without moto's x-amz-crc32, which was the old body's). */
    public Answer withBody(byte[] newBody) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("x-amz-crc32")) {
                copy.put(k, v);
            }
        });
        return new Answer(status, copy, newBody);
    }

    public Answer withBody(String newBody) {
        return withBody(newBody.getBytes(StandardCharsets.UTF_8));
    }
}
