package link.buddyverse.ops.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.localaws.Gateway;

/** The local-aws gateway's control API ({@link Gateway}), over HTTP, for whichever process runs the gateway. */
public final class GatewayControl {

    private static final String TARGET_HEALTH = Gateway.CONTROL + "target-health/";

    private final URI endpoint;

    public GatewayControl(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The target group reports {@code targetId} unhealthy, for {@code reason}, until cleared. */
    public void markUnhealthy(String targetId, String reason, String description) {
        call("PUT", TARGET_HEALTH + encode(targetId) + "?reason=" + encode(reason) + "&description="
                + encode(description));
    }

    public void clear(String targetId) {
        call("DELETE", TARGET_HEALTH + encode(targetId));
    }

    /** The target group reports {@code targetId} draining (as for its deregistration delay), until cleared. */
    public void markDraining(String targetId) {
        call("PUT", TARGET_HEALTH + encode(targetId) + "?state=draining");
    }

    /** Auto Scaling holds {@code instanceId} at {@code hook} of {@code group}; returns the lifecycle action token. */
    public String pauseAtHook(String group, String instanceId, String hook) {
        String answer = exchange("POST", Gateway.CONTROL + "lifecycle/pause", "{\"group\":" + quote(group)
                + ",\"instanceId\":" + quote(instanceId) + ",\"hook\":" + quote(hook) + "}");
        return String.valueOf(((Map<?, ?>) parse(answer)).get("token"));
    }

    /** SSM Run Command on {@code instanceId} answers with this status, output and exit code from now on. */
    public void scriptRunCommand(String instanceId, String status, String output, String error, int responseCode) {
        send("PUT", Gateway.CONTROL + "run-command/" + encode(instanceId), "{\"status\":" + quote(status)
                + ",\"output\":" + quote(output) + ",\"error\":" + quote(error)
                + ",\"responseCode\":" + responseCode + "}");
    }

    /** The parameters (canonical JSON) of the last call of {@code service}/{@code operation} the gateway saw, if any. */
    public String lastCallParameters(String service, String operation) {
        Object calls = parse(exchange("GET", Gateway.CONTROL + "calls", null));
        String found = null;
        for (Object call : (java.util.List<?>) calls) {
            Map<?, ?> c = (Map<?, ?>) call;
            if (service.equals(c.get("service")) && operation.equals(c.get("operation"))) {
                found = String.valueOf(c.get("parameters"));
            }
        }
        return found;
    }

    /** Adds a fault: {@code spec} as the gateway takes it ({@code {"service","operation","kind",...}}). */
    public void addFault(String spec) {
        send("POST", Gateway.CONTROL + "faults", spec);
    }

    /** Removes every fault. */
    public void clearFaults() {
        call("DELETE", Gateway.CONTROL + "faults");
    }

    /** Whether a local-aws gateway (not just anything) answers at the endpoint. */
    public boolean answers() {
        try {
            return Gateway.IDENTITY.equals(status().get("gateway"));
        } catch (RuntimeException notOurs) {
            return false;
        }
    }

    /** The gateway's own account of itself: upstream, calls, played, faults, unhealthyTargets, rewrittenAnswers. */
    public Map<?, ?> status() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(Gateway.CONTROL).toURL().openConnection();
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(5_000);
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("no sandbox gateway at " + endpoint);
            }
            String text = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return (Map<?, ?>) Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("no sandbox gateway at " + endpoint + ": " + e.getMessage(), e);
        } catch (Json.MalformedJsonException | ClassCastException e) {
            throw new IllegalStateException("no sandbox gateway at " + endpoint, e);
        }
    }

    private void call(String method, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(1_000);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status >= 300) {
                throw new IllegalStateException("the sandbox gateway at " + endpoint + " answered " + status + " to " + method + " " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox gateway at " + endpoint + " did not answer: " + e.getMessage(), e);
        }
    }

    private void send(String method, String path, String json) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(1_000);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (var out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            if (status >= 300) {
                String why = connection.getErrorStream() == null ? ""
                        : new String(connection.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new link.buddyverse.ops.cli.SetupException("the sandbox gateway at " + endpoint + " refused " + json + ": " + why);
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox gateway at " + endpoint + " did not answer: " + e.getMessage(), e);
        }
    }

    private String exchange(String method, String path, String json) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(10_000);
            if (json != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (var out = connection.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            if (status >= 300) {
                String why = connection.getErrorStream() == null ? ""
                        : new String(connection.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new link.buddyverse.ops.cli.SetupException("the sandbox gateway at " + endpoint + " answered " + status
                        + " to " + method + " " + path + ": " + why);
            }
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox gateway at " + endpoint + " did not answer: " + e.getMessage(), e);
        }
    }

    private Object parse(String text) {
        try {
            return Json.parse(text);
        } catch (Json.MalformedJsonException e) {
            throw new IllegalStateException("the sandbox gateway at " + endpoint + " answered no JSON: " + text, e);
        }
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
