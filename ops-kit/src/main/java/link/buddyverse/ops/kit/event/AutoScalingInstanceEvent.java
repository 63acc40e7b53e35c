package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * An Auto Scaling "EC2 Instance Launch Successful/Unsuccessful" or "EC2 Instance Terminate
 * Successful/Unsuccessful" event about one group.
 */
public record AutoScalingInstanceEvent(String eventId, Instant time, @Nullable String region, String group,
                                       Activity activity, boolean successful, @Nullable String instanceId,
                                       @Nullable String statusMessage, @Nullable String cause,
                                       @Nullable String availabilityZone) implements Trigger {

    public enum Activity { LAUNCH, TERMINATE }

    @Override
    public String kind() {
        return successful ? "scaling-activity" : "scaling-failure";
    }

    @Override
    public String subject() {
        return group;
    }

    public boolean launch() {
        return activity == Activity.LAUNCH;
    }
}
