package link.buddyverse.ops.kit.apply;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;

/**
 * The actions this function can take: one executor per action type, found among the function's own beans
 * (each function declares its executors in its own module, so no function gains an action by carrying an SDK
 * jar). Also the codec for recorded plans: a plan is stored as {@code [{"type": ..., "action": {...}}]} and read
 * back into the same action records, so a retry re-applies exactly what was planned.
 */
@Singleton
public class ActionExecutors {

    private final Map<String, ActionExecutor<?>> byType = new LinkedHashMap<>();
    private final JsonMapper jsonMapper;

    public ActionExecutors(List<ActionExecutor<?>> executors, JsonMapper jsonMapper) {
        executors.forEach(executor -> byType.put(executor.actionType().getSimpleName(), executor));
        this.jsonMapper = jsonMapper;
    }

    public List<ActionExecutor<?>> all() {
        return List.copyOf(byType.values());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    String execute(Action action) {
        ActionExecutor executor = executorOf(action);
        return executor.executeAndReport(action);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Current current(Action action) {
        ActionExecutor executor = executorOf(action);
        return executor.current(action);
    }

    private ActionExecutor<?> executorOf(Action action) {
        ActionExecutor<?> executor = byType.get(action.type());
        if (executor == null || !executor.actionType().isInstance(action)) {
            throw new IllegalStateException("no executor for " + action.type() + " in this function");
        }
        return executor;
    }

    /** The plan as recorded on its event: {@code {"cooldownSeconds", "warnings", "notes", "actions": [{"type", "action"}]}}. */
    public String encode(Plan plan) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Action action : plan.actions()) {
            entries.add(Map.of("type", action.type(), "action", action));
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("cooldownSeconds", plan.cooldown().toSeconds());
        recorded.put("warnings", plan.warnings());
        recorded.put("notes", plan.notes());
        recorded.put("actions", entries);
        try {
            return jsonMapper.writeValueAsString(recorded);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the plan", e);
        }
    }

    public Plan decode(String json) {
        try {
            JsonNode recorded = jsonMapper.readValue(json, JsonNode.class);
            List<Action> actions = new ArrayList<>();
            for (JsonNode entry : recorded.get("actions").values()) {
                String type = entry.get("type").getStringValue();
                ActionExecutor<?> executor = byType.get(type);
                if (executor == null) {
                    throw new IllegalStateException("a recorded plan names action " + type + ", which this function has no executor for");
                }
                actions.add(jsonMapper.readValueFromTree(entry.get("action"), executor.actionType()));
            }
            return new Plan(actions, Duration.ofSeconds(recorded.get("cooldownSeconds").getLongValue()),
                    strings(recorded.get("warnings")), strings(recorded.get("notes")));
        } catch (IOException e) {
            throw new UncheckedIOException("a recorded plan is not readable: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.values().forEach(value -> values.add(value.getStringValue()));
        }
        return values;
    }
}
