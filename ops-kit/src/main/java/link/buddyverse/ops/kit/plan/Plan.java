package link.buddyverse.ops.kit.plan;

import java.time.Duration;
import java.util.List;

/**
 * What a planner decided: the actions to take, in order, and what a human should know about the decision.
 *
 * @param cooldown how long the resources these actions touch stay locked against further changes
 * @param warnings things said loudly (a limit raised past its baseline, a hard ceiling reached)
 * @param notes    quieter reasons (an instance left alone because it is still in its grace period)
 */
public record Plan(List<Action> actions, Duration cooldown, List<String> warnings, List<String> notes) {

    public Plan {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public static Plan nothing(String note) {
        return new Plan(List.of(), Duration.ZERO, List.of(), List.of(note));
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
