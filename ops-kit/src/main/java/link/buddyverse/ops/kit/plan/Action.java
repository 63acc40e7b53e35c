package link.buddyverse.ops.kit.plan;

import java.util.Optional;

/**
 * One change a function wants to make, as data. Each function declares its own action types (records, so a
 * plan can be recorded against its event and read back) with one executor each; planners produce actions,
 * only the Applier carries them out. Targets are absolute (capacity 3, not "one more"), so applying an
 * action twice changes nothing the second time.
 */
public interface Action {

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
