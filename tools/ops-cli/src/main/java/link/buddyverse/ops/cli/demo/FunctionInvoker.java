package link.buddyverse.ops.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import picocli.CommandLine;

/**
 * Invokes a function the way {@code ./ops local invoke} does, because it is {@code ./ops local invoke}: the
 * function's deployment jar in a fresh JVM (a cold Lambda container) with its environment from template.yaml,
 * resolved against the sandbox through an env-vars file, and the event as a file.
 */
final class FunctionInvoker {

    /** What one invocation gave. */
    record Invocation(String function, int exitCode, Map<String, Object> result, String output, List<String> logs, long millis) {

        String status() {
            return result == null ? "error" : String.valueOf(result.get("status"));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plan() {
            return decision() != null && decision().get("plan") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> outcomes() {
            return decision() != null && decision().get("outcomes") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        }

        @SuppressWarnings("unchecked")
        List<String> warnings() {
            return decision() != null && decision().get("warnings") instanceof List<?> list ? (List<String>) list : List.of();
        }

        /** What the function decided: the result itself, or the single record's of a one-message SQS batch. */
        @SuppressWarnings("unchecked")
        Map<String, Object> decision() {
            if (result != null && result.get("records") instanceof List<?> records && records.size() == 1
                    && records.get(0) instanceof Map<?, ?> only) {
                return (Map<String, Object>) only;
            }
            return result;
        }

        String reason() {
            return result == null || result.get("reason") == null ? null : String.valueOf(result.get("reason"));
        }
    }

    private final ProjectLayout layout;
    private final Map<String, String> environment;
    private final Path envVars;
    private final Path eventsDir;
    private int count;

    /**
     * @param environment the CLI's environment: PATH, HOME and the sandbox's AWS variables, nothing else of the
     *                    user's shell (a shell variable of the same name would override the function's)
     */
    FunctionInvoker(ProjectLayout layout, Map<String, String> environment, Path envVars, Path eventsDir) {
        this.layout = layout;
        this.environment = Map.copyOf(environment);
        this.envVars = envVars;
        this.eventsDir = eventsDir;
    }

    Invocation invoke(String logicalId, String eventJson) {
        Path event;
        try {
            Files.createDirectories(eventsDir);
            synchronized (this) {
                count++;
                event = eventsDir.resolve(String.format("%02d-%s.json", count, logicalId));
            }
            Files.writeString(event, eventJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = new CommandLine(new OpsCli(environment, new ProjectLayout(layout.root(), layout.root())))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("local", "invoke", logicalId, "-e", event.toString(), "-n", envVars.toString(),
                        "-t", layout.root().resolve("template.yaml").toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Object> result = null;
        try {
            Object parsed = Json.parse(out.toString());
            if (parsed instanceof Map<?, ?> map && map.containsKey("status")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                result = typed;
            }
        } catch (Json.MalformedJsonException notAResult) {
            // the output is an error payload or nothing; kept in output
        }
        return new Invocation(logicalId, exit, result, out.toString().strip(), new ArrayList<>(err.toString().lines().toList()), millis);
    }
}
