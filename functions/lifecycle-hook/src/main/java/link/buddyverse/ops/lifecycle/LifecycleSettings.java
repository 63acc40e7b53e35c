package link.buddyverse.ops.lifecycle;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How LifecycleHookFunction answers the group's hooks, from the {@code LIFECYCLE_*} environment variables that
 * template.yaml fills. Defaults fit the Buddyverse stack (core/template.yaml's hooks: HeartbeatTimeout 300,
 * DefaultResult CONTINUE; the target group's deregistration delay 60 s).
 *
 * @param groupName             the only group whose hooks are answered; other groups' events are skipped
 * @param launchHookName        the launch hook answered (other hooks of the group belong to someone else)
 * @param terminateHookName     the terminate hook answered
 * @param targetGroupName       whose health-check path, matcher and deregistration delay apply
 * @param recheckQueueUrl       the function's own SQS delay queue
 * @param efsMountPath          must be a mount point before an instance serves; empty: no shared files to check
 * @param launchBudgetSeconds   how long a new instance may take to serve before it is abandoned (capped by AWS's
 *                              limits: 100 heartbeat timeouts, 48 h)
 * @param recheckDelaySeconds   between two readiness checks of a launching instance
 * @param drainRecheckSeconds   between two looks at a draining target
 * @param drainGraceSeconds     added to the deregistration delay before draining counts as stuck
 * @param flushCommand          run over SSM once an instance has drained (logs, uploads on local disk); empty: none
 * @param flushBudgetSeconds    how long the flush may run before the instance goes anyway
 * @param heartbeatMarginSeconds a heartbeat is recorded when the hook's timeout would run out within the next
 *                              re-check's delay plus this (SQS delivery and the function's own run)
 * @param watchGraceSeconds     how long past a re-check's due time the sweep still leaves its instance alone
 * @param commandTimeoutSeconds SSM's execution timeout for the check and the flush
 * @param agentRegistrationSeconds how long after launch SSM may still refuse the check (InvalidInstanceId: the agent
 *                              registers a minute or so after boot) before the instance counts as no managed node
 */
@ConfigurationProperties("lifecycle")
public record LifecycleSettings(
        @Bindable(defaultValue = "Buddy-AutoScaling-Group") String groupName,
        @Bindable(defaultValue = "Buddy-Launch-Hook") String launchHookName,
        @Bindable(defaultValue = "Buddy-Terminate-Hook") String terminateHookName,
        @Bindable(defaultValue = "Buddy-LoadBalance-TargetGroup") String targetGroupName,
        @Bindable(defaultValue = "") String recheckQueueUrl,
        @Bindable(defaultValue = "/mnt/efs") String efsMountPath,
        @Bindable(defaultValue = "900") int launchBudgetSeconds,
        @Bindable(defaultValue = "20") int recheckDelaySeconds,
        @Bindable(defaultValue = "15") int drainRecheckSeconds,
        @Bindable(defaultValue = "30") int drainGraceSeconds,
        @Bindable(defaultValue = "") String flushCommand,
        @Bindable(defaultValue = "120") int flushBudgetSeconds,
        @Bindable(defaultValue = "60") int heartbeatMarginSeconds,
        @Bindable(defaultValue = "120") int watchGraceSeconds,
        @Bindable(defaultValue = "60") int commandTimeoutSeconds,
        @Bindable(defaultValue = "180") int agentRegistrationSeconds) {
}
