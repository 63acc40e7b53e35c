package link.buddyverse.ops.scaling.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Marks an instance of an Auto Scaling group Unhealthy so the group replaces it. The executor asks AWS to
 * respect the group's health check grace period, so an instance still booting is never condemned.
 */
@Serdeable
public record SetInstanceHealth(String groupName, String instanceId, String reason) implements Action {

    @Override
    public String resource() {
        return groupName;
    }

    @Override
    public String target() {
        return instanceId;
    }

    @Override
    public String before() {
        return "Healthy";
    }

    @Override
    public String after() {
        return "Unhealthy";
    }

    @Override
    public Optional<String> boundsViolation() {
        return instanceId == null || instanceId.isBlank()
                ? Optional.of("no instance id to mark Unhealthy") : Optional.empty();
    }
}
