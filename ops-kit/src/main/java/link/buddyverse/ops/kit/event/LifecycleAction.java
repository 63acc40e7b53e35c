package link.buddyverse.ops.kit.event;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * An Auto Scaling lifecycle action: an instance of {@code group} waits in {@code Pending:Wait} (launching) or
 * {@code Terminating:Wait} (terminating) for someone to complete hook {@code hookName} with {@code token}.
 * Arrives as the EventBridge "EC2 Instance-launch/terminate Lifecycle Action" event, or as the notification a
 * hook with an SQS/SNS target sends, which also sends {@link Transition#TEST_NOTIFICATION} once when the hook
 * is created (no instance, no token: nothing to act on).
 */
public record LifecycleAction(String eventId, Instant time, @Nullable String region, String group,
                              Transition transition, @Nullable String hookName, @Nullable String token,
                              @Nullable String instanceId, @Nullable String metadata) implements Trigger {

    public enum Transition { LAUNCHING, TERMINATING, TEST_NOTIFICATION }

    @Override
    public String kind() {
        return transition == Transition.TEST_NOTIFICATION ? "lifecycle-test" : "lifecycle-action";
    }

    @Override
    public String subject() {
        return instanceId == null ? group : instanceId;
    }
}
