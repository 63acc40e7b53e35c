package link.buddyverse.ops.scaling.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Changes an Auto Scaling group's MaxSize. It may never exceed the hard ceiling, nor fall below the desired
 * capacity the group will have when this action runs (AWS rejects that, and it would shrink the group).
 */
@Serdeable
public record UpdateGroupLimits(String groupName, int fromMaxSize, int toMaxSize, int ceiling, int desiredCapacity,
                                String reason) implements Action {

    @Override
    public String resource() {
        return groupName;
    }

    @Override
    public String before() {
        return "MaxSize " + fromMaxSize;
    }

    @Override
    public String after() {
        return "MaxSize " + toMaxSize;
    }

    @Override
    public Optional<String> boundsViolation() {
        if (toMaxSize > ceiling) {
            return Optional.of("MaxSize " + toMaxSize + " is above the hard ceiling " + ceiling);
        }
        if (toMaxSize < desiredCapacity) {
            return Optional.of("MaxSize " + toMaxSize + " is below the desired capacity " + desiredCapacity);
        }
        return Optional.empty();
    }
}
