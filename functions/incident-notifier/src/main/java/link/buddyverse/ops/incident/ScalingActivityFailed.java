package link.buddyverse.ops.incident;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** An Auto Scaling "EC2 Instance Launch Unsuccessful" or "EC2 Instance Terminate Unsuccessful" event. */
public record ScalingActivityFailed(String eventId, Instant time, @Nullable String region, String group,
                                    boolean launch, @Nullable String instanceId, @Nullable String statusMessage,
                                    @Nullable String cause, @Nullable String availabilityZone)
        implements NotifierInput {

    @Override
    public String kind() {
        return "scaling-failure";
    }

    @Override
    public String subject() {
        return group;
    }
}
