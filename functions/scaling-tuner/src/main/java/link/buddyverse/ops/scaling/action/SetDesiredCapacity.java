package link.buddyverse.ops.scaling.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/** Sets an Auto Scaling group's desired capacity, which must stay within [minSize, maxSize]. */
@Serdeable
public record SetDesiredCapacity(String groupName, int from, int to, int minSize, int maxSize, String reason)
        implements Action {

    @Override
    public String resource() {
        return groupName;
    }

    @Override
    public String before() {
        return Integer.toString(from);
    }

    @Override
    public String after() {
        return Integer.toString(to);
    }

    @Override
    public Optional<String> boundsViolation() {
        if (to < minSize || to > maxSize) {
            return Optional.of("desired capacity " + to + " is outside [" + minSize + ", " + maxSize + "]");
        }
        return Optional.empty();
    }
}
