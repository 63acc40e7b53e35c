package link.buddyverse.ops.incident.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What one invocation's delivery did.
 *
 * @param mode      {@code bot}, {@code webhook}, or {@code none} when no credentials could be found
 * @param delivered Slack calls that Slack accepted
 * @param folded    notices that needed no call of their own (updates collapsed into one, a webhook's
 *                  thread replies and updates, which it cannot show)
 * @param dropped   notices Slack refused for good (logged as errors)
 * @param pending   notices of the incidents touched that are still in the outbox
 * @param errors    why delivery stopped, without secrets
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record DeliveryReport(String mode, int delivered, int folded, int dropped, int pending, List<String> errors,
                             @Nullable String retryAt) {

    public DeliveryReport {
        errors = List.copyOf(errors);
    }

    public static DeliveryReport none() {
        return new DeliveryReport("none", 0, 0, 0, 0, List.of(), null);
    }
}
