package link.buddyverse.ops.kit.plan;

import java.util.Optional;

/**
 * One change a function wants to make, as data. Planners produce actions; only the Applier carries them out,
 * each through the one executor registered for its type.
 */
public sealed interface Action permits SetDesiredCapacity, UpdateGroupLimits, SetInstanceHealth {

    /** The resource whose cooldown lock guards this action (an Auto Scaling group's name, say). */
    String resource();

    /** What exactly changes: the resource itself or, for instance health, the instance id. */
    default String target() {
        return resource();
    }

    String before();

    String after();

    String reason();

    /** Why this action would break its own guard rails, if it would; the Applier refuses such actions. */
    Optional<String> boundsViolation();

    default String type() {
        return getClass().getSimpleName();
    }
}
