package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * An "RDS DB Instance Event" (source {@code aws.rds}) about one DB instance.
 *
 * @param rdsEventId the RDS event's own id, e.g. {@code RDS-EVENT-0049}; the EventBridge id is {@link #eventId}
 */
public record RdsInstanceEvent(String eventId, Instant time, @Nullable String region, String instance,
                               @Nullable String rdsEventId, String message, List<String> categories)
        implements Trigger {

    public RdsInstanceEvent {
        categories = List.copyOf(categories);
    }

    @Override
    public String kind() {
        return "rds-event";
    }

    @Override
    public String subject() {
        return instance;
    }
}
