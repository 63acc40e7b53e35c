package link.buddyverse.ops.sam;

import java.util.Set;

/**
 * One EventBridge rule of template.yaml: a function's event source, the bus it listens on, its pattern (resolved:
 * plain maps, lists and strings, as the rule is deployed).
 */
public record EventRule(String function, String source, String bus, Object pattern) {

    /** The event source types SAM turns into an EventBridge rule with a pattern. */
    static final Set<String> TYPES = Set.of("EventBridgeRule", "CloudWatchEvent");
    public static final String DEFAULT_BUS = "default";

    /** How the rule is named here: {@code IncidentNotifierFunction/OpsAction}. */
    public String name() {
        return function + "/" + source;
    }
}
