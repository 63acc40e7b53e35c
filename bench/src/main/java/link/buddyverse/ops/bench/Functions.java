package link.buddyverse.ops.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's entry for every function of template.yaml. A function in template.yaml without an entry here is
 * reported as not measured (and {@code ./ops bench} exits 3); bench/README.md, "Adding a function", says what an
 * entry takes.
 */
final class Functions {

    private Functions() {
    }

    static final List<FunctionSpec> ALL = List.of(

            new FunctionSpec("ScalingTunerFunction", "events/scaling-tuner/cpu-high-alarm.json",
                    stage -> env("SCALING_GROUP_NAME", Stage.GROUP,
                            "SCALING_SCALE_OUT_ALARMS", "Buddy-CPU-High",
                            "SCALING_SCALE_IN_ALARMS", "Buddy-CPU-Low",
                            "SCALING_UNHEALTHY_HOSTS_ALARMS", "Buddy-Unhealthy-Hosts"),
                    stage -> stage.createWebTierGroup(2, 2, 4),
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.desiredCapacity() == 3,
                    "scaled the group 2 -> 3",
                    FunctionSpec::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainScalingHandler", "plain-scaling-tuner.jar"),

            new FunctionSpec("IncidentNotifierFunction", "events/incident-notifier/alarm-cpu-high.json",
                    stage -> env("INCIDENT_ALARM_PREFIX", "Buddy-",
                            "INCIDENT_STACK_ALARMS", "Buddy-CPU-High,Buddy-Unhealthy-Hosts",
                            "INCIDENT_CRITICAL_ALARMS", "Buddy-Unhealthy-Hosts",
                            "INCIDENT_QUIET_ALARMS", "Buddy-CPU-Low",
                            "INCIDENT_CRITICAL_CHANNEL", "#buddy-ops-critical",
                            "INCIDENT_WARNING_CHANNEL", "#buddy-ops",
                            "INCIDENT_DASHBOARD_NAME", "Buddy-Ops",
                            "INCIDENT_REGION", Stage.REGION,
                            "SLACK_BOT_TOKEN", stage.slack().token(),
                            "SLACK_API_URL", stage.slack().apiUrl()),
                    stage -> { },
                    (run, stage) -> run.answered() && stage.slack().accepted("chat.postMessage").size() == 1,
                    "posted one chat.postMessage to the Slack stand-in",
                    FunctionSpec::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainIncidentHandler", "plain-incident-notifier.jar"),

            // Buddy-EFS bursting, as the core stack makes it; the gateway plays UpdateFileSystem (moto has none).
            new FunctionSpec("EfsGuardFunction", "events/efs-guard/credits-low-alarm.json",
                    stage -> env("EFS_FILE_SYSTEM", Stage.FILE_SYSTEM,
                            "EFS_CREDITS_LOW_ALARMS", "Buddy-EFS-Burst-Credits-Low",
                            "EFS_THROUGHPUT_HIGH_ALARMS", "Buddy-EFS-Throughput-High",
                            "EFS_IO_LIMIT_ALARMS", "Buddy-EFS-IO-Limit-High",
                            "EFS_COST_SAVING", "true",
                            "EFS_RECOVERED_CREDIT_BYTES", "1132462080000",
                            "EFS_RECOVERED_HOURS", "6"),
                    Stage::createBuddyEfs,
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && "elastic".equals(stage.efsThroughputMode()),
                    "switched Buddy-EFS bursting -> elastic",
                    FunctionSpec::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainEfsGuardHandler", "plain-efs-guard.jar"),

            // The stack a dashboard shows; neither dashboard exists yet, so both are written.
            new FunctionSpec("DashboardSyncFunction", "events/dashboard-sync/instance-launched.json",
                    stage -> env("DASHBOARD_OPS_DASHBOARD_NAME", "Buddyverse-Ops",
                            "DASHBOARD_CPU_DASHBOARD_NAME", "CPU-Per-Second",
                            "DASHBOARD_REGION", Stage.REGION,
                            "DASHBOARD_GROUP_NAME", Stage.GROUP,
                            "DASHBOARD_TARGET_GROUP_NAME", Stage.TARGET_GROUP,
                            "DASHBOARD_DATABASE_INSTANCE_ID", "database1",
                            "DASHBOARD_FILE_SYSTEM_NAME", Stage.FILE_SYSTEM,
                            "DASHBOARD_ALARM_PREFIX", "Buddy-",
                            "DASHBOARD_CPU_HIGH_THRESHOLD", "70",
                            "DASHBOARD_CPU_LOW_THRESHOLD", "20",
                            "DASHBOARD_OPS_FUNCTIONS", "ScalingTunerFunction=buddyverse-ops-ScalingTunerFunction,"
                                    + "IncidentNotifierFunction=buddyverse-ops-IncidentNotifierFunction,"
                                    + "EfsGuardFunction=buddyverse-ops-EfsGuardFunction,"
                                    + "LifecycleHookFunction=buddyverse-ops-LifecycleHookFunction",
                            "DASHBOARD_OPS_LOG_GROUPS", "/aws/lambda/buddyverse-ops-ScalingTunerFunction,"
                                    + "/aws/lambda/buddyverse-ops-IncidentNotifierFunction,/aws/lambda/buddyverse-ops-EfsGuardFunction,"
                                    + "/aws/lambda/buddyverse-ops-LifecycleHookFunction,/aws/lambda/buddyverse-ops-DashboardSyncFunction",
                            "DASHBOARD_DEAD_LETTER_QUEUE_NAME", "buddyverse-ops-DeadLetterQueue"),
                    stage -> {
                        stage.createWebTierGroup(2, 2, 4);
                        stage.createDashboardStack();
                    },
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.dashboardExists("Buddyverse-Ops") && stage.dashboardExists("CPU-Per-Second"),
                    "wrote both dashboards (PutDashboard x2)",
                    FunctionSpec::unfollowedGroup,
                    "link.buddyverse.ops.bench.plain.PlainDashboardSyncHandler", "plain-dashboard-sync.jar"),

            // An instance of the web tier at its launch hook (played by the gateway): the first round asks the
            // instance whether it serves (SSM SendCommand) and sends itself a re-check (SQS) to read the answer.
            new FunctionSpec("LifecycleHookFunction", "events/lifecycle-hook/launch-lifecycle-action.json",
                    stage -> env("LIFECYCLE_GROUP_NAME", Stage.GROUP,
                            "LIFECYCLE_TARGET_GROUP_NAME", Stage.TARGET_GROUP,
                            "LIFECYCLE_LAUNCH_HOOK_NAME", Stage.LAUNCH_HOOK,
                            "LIFECYCLE_TERMINATE_HOOK_NAME", Stage.TERMINATE_HOOK,
                            "LIFECYCLE_RECHECK_QUEUE_URL", stage.recheckQueueUrl(),
                            "LIFECYCLE_EFS_MOUNT_PATH", "/mnt/efs",
                            "LIFECYCLE_LAUNCH_BUDGET_SECONDS", "900",
                            "LIFECYCLE_FLUSH_COMMAND", ""),
                    stage -> {
                        stage.createWebTierGroup(2, 2, 4);
                        stage.createLifecycleHooksAndTargetGroup();
                        String[] paused = stage.pauseAtLaunchHook();
                        stage.rewriteEvent("i-1234567890abcdef0", paused[0]);
                        stage.rewriteEvent("87654321-4321-4321-4321-210987654321", paused[1]);
                        stage.rewriteEvent("2026-11-25T09:00:00Z", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                    },
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.gatewayCalls("ssm", "SendCommand") == 1 && stage.gatewayCalls("sqs", "SendMessage") == 1,
                    "asked the instance (SSM SendCommand) and sent a re-check (SQS SendMessage)",
                    FunctionSpec::unfollowedGroup,
                    "link.buddyverse.ops.bench.plain.PlainLifecycleHookHandler", "plain-lifecycle-hook.jar"),

            // database1 and a replica that lags by 0-2 s, already the read name's one record: the reconcile a lag
            // alarm brings forward keeps it in and publishes the endpoints (the parameter does not exist yet).
            new FunctionSpec("ReplicaRotatorFunction", "events/replica-rotator/replica-lag-alarm.json",
                    stage -> env("REPLICA_SOURCE_INSTANCE", Stage.SOURCE_DATABASE,
                            "REPLICA_READ_RECORD_NAME", Stage.READ_RECORD,
                            "REPLICA_LAG_THRESHOLD_SECONDS", "30",
                            "REPLICA_BAD_SAMPLES", "3",
                            "REPLICA_RECOVERY_THRESHOLD_SECONDS", "10",
                            "REPLICA_RECOVERY_HOLD_SECONDS", "300",
                            "REPLICA_LAG_ALARM_PREFIX", "Buddy-Replica-Lag",
                            "REPLICA_PARAMETER_NAME", Stage.READ_ENDPOINTS_PARAMETER),
                    Stage::createDatabaseTier,
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.readEndpointsParameter().contains("\"instance\":\"" + Stage.REPLICA + "\""),
                    "published the read endpoints (SSM PutParameter) with the replica in",
                    FunctionSpec::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainReplicaRotatorHandler", "plain-replica-rotator.jar"));

    static Optional<FunctionSpec> named(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
