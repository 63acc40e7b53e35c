package link.buddyverse.ops.kit.apply;

import java.util.Objects;

/**
 * What a resource reads now, as one action sees it: the value the action changes from ({@link Before}), the value it
 * changes to ({@link After}), something else ({@link Other}: another event or a person moved it), or nothing the
 * function can read ({@link NotReadable}). The {@link Applier} reads it under the resource's lock just before it
 * applies an action (the compare of a compare-and-set), and again when AWS refuses the action, to tell a refusal the
 * current state explains from one it does not.
 */
public sealed interface Current {

    /** Still what the plan was made from: apply. */
    record Before(String reads) implements Current {
    }

    /** Already what the action would make it: mark it applied, change nothing. */
    record After(String reads) implements Current {
    }

    /** Neither: the plan is stale (superseded). {@code reads} says what the resource reads now. */
    record Other(String reads) implements Current {
    }

    /**
     * The action changes nothing one can read back before acting (a message sent, a command run, a lifecycle answer
     * AWS keeps no readable state of): the executor's own idempotency holds instead, and {@code why} says which.
     */
    record NotReadable(String why) implements Current {
    }

    /** Compares what the resource reads now with the action's two values. */
    static Current compare(String reads, String before, String after) {
        if (Objects.equals(reads, after)) {
            return new After(reads);
        }
        if (Objects.equals(reads, before)) {
            return new Before(reads);
        }
        return new Other(reads);
    }

    static Current notReadable(String why) {
        return new NotReadable(why);
    }
}
