package link.buddyverse.ops.dashboard.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One widget before it is placed on the grid: its type, size and properties, in the order CloudWatch's documentation
 * lists them (insertion-ordered maps, so the same widget always serialises to the same bytes).
 */
public record Widget(String type, int width, int height, Map<String, Object> properties) {

    /** A metric graph: {@code metrics} entries are {@code [namespace, name, dimension, value, ..., {options}]} or expressions. */
    public static Widget graph(String title, String region, String stat, List<List<Object>> metrics, int width) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", title);
        properties.put("region", region);
        properties.put("view", "timeSeries");
        properties.put("stacked", false);
        properties.put("stat", stat);
        properties.put("period", 60);
        properties.put("metrics", List.copyOf(metrics));
        return new Widget("metric", width, 6, properties);
    }

    public static Widget text(String markdown, int width, int height) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("markdown", markdown);
        return new Widget("text", width, height, properties);
    }

    public static Widget alarms(String title, List<String> alarmArns, int width) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", title);
        properties.put("alarms", List.copyOf(alarmArns));
        properties.put("sortBy", "stateUpdatedTimestamp");
        return new Widget("alarm", width, Math.max(2, Math.min(6, 1 + (alarmArns.size() + 3) / 4)), properties);
    }

    /** A CloudWatch Logs Insights query widget: {@code SOURCE '<group>' | ...} over the named log groups. */
    public static Widget logs(String title, String region, List<String> logGroups, String query, int width) {
        StringBuilder sources = new StringBuilder();
        for (String group : logGroups) {
            sources.append("SOURCE '").append(group).append("' | ");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", title);
        properties.put("region", region);
        properties.put("view", "table");
        properties.put("query", sources + query);
        return new Widget("log", width, 6, properties);
    }

    /** Adds a horizontal annotation (an alarm threshold) to a metric graph. */
    public Widget withThresholds(List<Map<String, Object>> horizontal) {
        Map<String, Object> properties = new LinkedHashMap<>(this.properties);
        properties.put("annotations", Map.of("horizontal", List.copyOf(horizontal)));
        return new Widget(type, width, height, properties);
    }

    /** How many entries its {@code metrics} array holds: what CloudWatch's per-widget and per-dashboard limits count. */
    public int metricCount() {
        return properties.get("metrics") instanceof List<?> metrics ? metrics.size() : 0;
    }

    /** One metric entry: namespace, metric name, dimension pairs, then its options ({@code label}, {@code stat}, {@code id}...). */
    public static List<Object> metric(String namespace, String name, Map<String, String> dimensions, Map<String, Object> options) {
        List<Object> entry = new ArrayList<>();
        entry.add(namespace);
        entry.add(name);
        dimensions.forEach((dimension, value) -> {
            entry.add(dimension);
            entry.add(value);
        });
        if (!options.isEmpty()) {
            // Sorted: Map.of iterates in an order that changes from one JVM to the next, and the body must not.
            entry.add(new TreeMap<>(options));
        }
        return entry;
    }

    public static List<Object> expression(String expression, String label, String id) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("expression", expression);
        options.put("label", label);
        options.put("id", id);
        return List.of(options);
    }
}
