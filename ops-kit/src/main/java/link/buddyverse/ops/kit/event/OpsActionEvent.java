package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import link.buddyverse.ops.kit.tell.OpsEventDetail;

/** A {@code buddyverse.ops} "Ops Action" event: what one of our functions did (or planned, or refused). */
public record OpsActionEvent(String eventId, Instant time, @Nullable String region, OpsEventDetail detail)
        implements Trigger {

    @Override
    public String kind() {
        return "ops-action";
    }

    @Override
    public String subject() {
        return detail.function() + " " + detail.action().action() + " on " + detail.action().resource();
    }

    /** The alarm whose event the function acted on, when it acted on an alarm (not a schedule tick). */
    @Nullable
    public String alarm() {
        return detail.trigger() == null ? null : detail.trigger().alarm();
    }
}
