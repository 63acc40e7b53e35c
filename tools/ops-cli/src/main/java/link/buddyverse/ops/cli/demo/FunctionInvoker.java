package link.buddyverse.ops.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.cli.local.WarmLambdas;
import link.buddyverse.ops.sam.TemplateException;

/**
 * Invokes the functions as Lambda would for events that follow each other: each function in a container of its
 * own (its deployment jar under Lambda's runtime interface client, local-lambda's container, set up exactly as
 * {@code ./ops local invoke} sets it up: template.yaml's
 * environment resolved against the sandbox through an env-vars file), cold for its first event and warm after
 * ({@link WarmLambdas}). Each event is written to a file first, so a drill's events can be replayed by hand with
 * {@code ./ops local invoke -e}.
 */
final class FunctionInvoker implements AutoCloseable {

    /** What one invocation gave. */
    record Invocation(String function, int exitCode, Map<String, Object> result, String output, List<String> logs, long millis,
                      boolean cold) {

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

    private final WarmLambdas lambdas;
    private final Path eventsDir;
    private int count;

    /**
     * @param environment the CLI's environment: PATH, HOME and the sandbox's AWS variables, nothing else of the
     *                    user's shell (a shell variable of the same name would override the function's)
     */
    FunctionInvoker(ProjectLayout layout, Map<String, String> environment, Path envVars, Path eventsDir) {
        this.lambdas = new WarmLambdas(new OpsCli(Map.copyOf(environment), new ProjectLayout(layout.root(), layout.root())),
                layout.root().resolve("template.yaml"), envVars);
        this.eventsDir = eventsDir;
    }

    /** Starts every function's container now, so that their inits overlap (see {@link WarmLambdas#startEagerly}). */
    void startEagerly(List<String> logicalIds) {
        lambdas.startEagerly(logicalIds);
    }

    /** The sandbox was deployed afresh: the next event of each function starts a cold container with the new environment. */
    void recycle() {
        lambdas.recycle();
    }

    @Override
    public void close() {
        lambdas.close();
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
        WarmLambdas.Invocation invocation;
        try {
            invocation = lambdas.invoke(logicalId, event);
        } catch (SetupException | TemplateException e) {
            return new Invocation(logicalId, OpsCli.SETUP_ERROR, null, "ops: " + e.getMessage(), List.of(), 0, true);
        }
        Map<String, Object> result = null;
        try {
            Object parsed = Json.parse(invocation.output());
            if (parsed instanceof Map<?, ?> map && map.containsKey("status")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                result = typed;
            }
        } catch (Json.MalformedJsonException notAResult) {
            // the output is an error payload or nothing; kept in output
        }
        return new Invocation(logicalId, invocation.exitCode(), result, invocation.output().strip(), invocation.logs(),
                invocation.millis(), invocation.cold());
    }
}
