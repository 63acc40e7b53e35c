package link.buddyverse.ops.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What the lifecycle decided for one input: the incident's next state and what to tell Slack.
 *
 * @param next     the incident to store, or null when nothing changes (a repeated ALARM, an input ignored)
 * @param opensNew a new incident (not a reopen): counts towards a storm
 * @param summary  one sentence for logs and the result
 */
public record Transition(Change change, @Nullable Incident next, List<Notice> notices, boolean opensNew, String summary) {

    public enum Change {
        OPENED, REOPENED, ACTION_RECORDED, UPDATED, NOTED, RESOLVED, REPEAT, IGNORED, ALREADY_APPLIED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Transition {
        notices = List.copyOf(notices);
    }

    public static Transition nothing(Change change, String summary) {
        return new Transition(change, null, List.of(), false, summary);
    }

    public boolean changesState() {
        return next != null;
    }
}
