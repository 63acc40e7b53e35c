package link.buddyverse.ops.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * What {@code ./ops sandbox up} started, kept in {@code .ops/sandbox/state.json} for {@code status} and {@code down}:
 * the two processes (by pid, with the port each one serves, to recognise them), and what was deployed.
 */
public record SandboxState(int port, int motoPort, long motoPid, long gatewayPid, int slackPort, long slackPid, String region,
                           String startedAt, Map<String, String> coreOutputs, List<String> fills, List<String> skipped,
                           String envVarsFile) {

    /** The Slack stand-in's Web API, for SLACK_API_URL. */
    public String slackApiUrl() {
        return "http://127.0.0.1:" + slackPort + "/api/";
    }

    static final String FILE = "state.json";

    public static Optional<SandboxState> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(file));
            return Optional.of(new SandboxState(
                    ((Number) json.get("port")).intValue(),
                    ((Number) json.get("motoPort")).intValue(),
                    ((Number) json.get("motoPid")).longValue(),
                    ((Number) json.get("gatewayPid")).longValue(),
                    ((Number) json.get("slackPort")).intValue(),
                    ((Number) json.get("slackPid")).longValue(),
                    String.valueOf(json.get("region")),
                    String.valueOf(json.get("startedAt")),
                    strings((Map<?, ?>) json.get("coreOutputs")),
                    lines(json.get("fills")),
                    lines(json.get("skipped")),
                    String.valueOf(json.get("envVarsFile"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Json.MalformedJsonException | ClassCastException | NullPointerException e) {
            // A state file from another version, or half written: treated as no sandbox, and replaced.
            return Optional.empty();
        }
    }

    public void write(Path dir) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("port", port);
        json.put("motoPort", motoPort);
        json.put("motoPid", motoPid);
        json.put("gatewayPid", gatewayPid);
        json.put("slackPort", slackPort);
        json.put("slackPid", slackPid);
        json.put("region", region);
        json.put("startedAt", startedAt);
        json.put("coreOutputs", coreOutputs);
        json.put("fills", fills);
        json.put("skipped", skipped);
        json.put("envVarsFile", envVarsFile);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FILE), TemplateJson.write(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(Map<?, ?> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        }
        return copy;
    }

    private static List<String> lines(Object value) {
        List<String> copy = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> copy.add(String.valueOf(item)));
        }
        return copy;
    }
}
