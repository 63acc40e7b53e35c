package link.buddyverse.ops.dashboard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * What DashboardSyncFunction renders and from where, from the {@code DASHBOARD_*} environment variables that
 * template.yaml fills from its parameters. Defaults fit the Buddyverse stack.
 *
 * @param opsDashboardName       the generated overview ({@code DASHBOARD_OPS_DASHBOARD_NAME})
 * @param cpuDashboardName       the owners' dashboard, rendered as they meant it (the CPU of every current instance)
 * @param region                 the region every widget reads ({@code AWS_REGION} on Lambda)
 * @param readEndpointsParameter SSM parameter where ReplicaRotatorFunction publishes the read rotation (JSON)
 * @param alarmPrefix            the stack's alarms: every alarm whose name starts with this
 * @param opsFunctions           {@code label=functionName} pairs of the ops functions (comma-separated)
 * @param opsLogGroups           the ops functions' log groups, for the actions-per-function query
 * @param followedFunctions      functions whose applied Ops Actions change what exists (replicas, EFS mode)
 * @param instancesPerWidget     per-instance CPU series per graph: more stay readable in CloudWatch's legend as widgets
 * @param explicitInstanceBudget how many web instances Buddyverse-Ops graphs one by one before it summarises
 * @param cpuHighThreshold       the CPU-High alarm's threshold, drawn as an annotation
 * @param cpuLowThreshold        the CPU-Low alarm's threshold, drawn as an annotation
 */
@ConfigurationProperties("dashboard")
public record DashboardSettings(
        @Bindable(defaultValue = "Buddyverse-Ops") String opsDashboardName,
        @Bindable(defaultValue = "CPU-Per-Second") String cpuDashboardName,
        @Bindable(defaultValue = "ap-northeast-2") String region,
        @Bindable(defaultValue = "Buddy-AutoScaling-Group") String groupName,
        @Bindable(defaultValue = "Buddy-LoadBalance") String loadBalancerName,
        @Bindable(defaultValue = "Buddy-LoadBalance-TargetGroup") String targetGroupName,
        @Bindable(defaultValue = "database1") String databaseInstanceId,
        @Bindable(defaultValue = "Buddy-EFS") String fileSystemName,
        @Bindable(defaultValue = "/buddyverse/db/read-endpoints") String readEndpointsParameter,
        @Bindable(defaultValue = "Buddy-") String alarmPrefix,
        @Bindable(defaultValue = "") List<String> opsFunctions,
        @Bindable(defaultValue = "") List<String> opsLogGroups,
        @Nullable String deadLetterQueueName,
        @Bindable(defaultValue = "ReplicaRotatorFunction,EfsGuardFunction") List<String> followedFunctions,
        @Bindable(defaultValue = "50") int instancesPerWidget,
        @Bindable(defaultValue = "100") int explicitInstanceBudget,
        @Bindable(defaultValue = "70") int cpuHighThreshold,
        @Bindable(defaultValue = "20") int cpuLowThreshold) {

    public DashboardSettings {
        opsFunctions = clean(opsFunctions);
        opsLogGroups = clean(opsLogGroups);
        followedFunctions = clean(followedFunctions);
    }

    // An empty environment variable binds as [""]: no entry, not an entry with no name.
    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
