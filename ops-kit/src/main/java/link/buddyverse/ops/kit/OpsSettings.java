package link.buddyverse.ops.kit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Settings every function shares, read from the environment template.yaml fills in:
 * {@code OPS_DRY_RUN}, {@code OPS_STATE_TABLE}, {@code OPS_EVENT_BUS}, {@code OPS_IDEMPOTENCY_HOURS}.
 *
 * @param dryRun           plan and report, never mutate
 * @param stateTable       the DynamoDB table holding idempotency records and cooldown locks
 * @param eventBus         where {@code buddyverse.ops} events go
 * @param idempotencyHours how long a handled event id is remembered (EventBridge retries for up to 24 h)
 * @param inProgressSeconds how long a claim by a crashed invocation blocks a retry (the function timeout)
 */
@ConfigurationProperties("ops")
public record OpsSettings(
        @Bindable(defaultValue = "false") boolean dryRun,
        @Bindable(defaultValue = "OpsState") String stateTable,
        @Bindable(defaultValue = "default") String eventBus,
        @Bindable(defaultValue = "24") int idempotencyHours,
        @Bindable(defaultValue = "60") int inProgressSeconds) {
}
