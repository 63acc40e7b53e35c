package link.buddyverse.ops.sam;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Which of template.yaml's rules EventBridge would deliver an event to: the rules of the event's bus, matched with
 * AWS's own event-ruler (the library EventBridge's pattern language comes from), so a pattern that is wrong in the
 * template misses here as it would in AWS. Rules match in template order.
 */
public final class EventRouting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<EventRule> rules;
    private final Map<String, Machine> machines = new LinkedHashMap<>();

    public EventRouting(List<EventRule> rules) {
        this.rules = List.copyOf(rules);
        for (EventRule rule : rules) {
            try {
                machines.computeIfAbsent(rule.bus(), bus -> new Machine()).addRule(rule.name(), JSON.writeValueAsString(rule.pattern()));
            } catch (IOException | RuntimeException e) {
                throw new TemplateException("the pattern of " + rule.name() + " in template.yaml is not a valid EventBridge pattern: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The routing of {@code template}'s rules, with the parameters' defaults. */
    public static EventRouting of(SamTemplate template, StackContext stack) {
        return new EventRouting(template.eventRules(Map.of(), stack));
    }

    public List<EventRule> rules() {
        return rules;
    }

    /** The rules of {@code bus} that {@code eventJson} (an EventBridge envelope) matches, in template order. */
    public List<EventRule> matching(String bus, String eventJson) {
        Machine machine = machines.get(bus);
        if (machine == null) {
            return List.of();
        }
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(eventJson);
        } catch (Exception e) {  // event-ruler declares Exception: malformed JSON
            throw new IllegalArgumentException("not an EventBridge event: " + e.getMessage(), e);
        }
        List<EventRule> found = new ArrayList<>();
        for (EventRule rule : rules) {
            if (rule.bus().equals(bus) && matched.contains(rule.name())) {
                found.add(rule);
            }
        }
        return found;
    }
}
