package link.buddyverse.ops.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's entry for every function of template.yaml: its event, the endpoints its environment points at the
 * stage, and the ids AWS assigns that template.yaml imports from the core stack (the rest of its environment is
 * template.yaml's), the account it needs, the effect that proves a run. A
 * function in template.yaml without an entry here is reported as not measured (and {@code ./ops bench} exits 3);
 * bench/README.md, "Adding a function", says what an entry takes.
 */
final class Functions {

    private Functions() {
    }

    static final List<FunctionEntry> ALL = List.of(

            new FunctionEntry("ScalingTunerFunction", "events/scaling-tuner/cpu-high-alarm.json",
                    stage -> Map.of(),
                    stage -> stage.createWebTierGroup(2, 2, 4),
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.desiredCapacity() == 3,
                    "scaled the group 2 -> 3",
                    FunctionEntry::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainScalingHandler", "plain-scaling-tuner.jar"),

            new FunctionEntry("IncidentNotifierFunction", "events/incident-notifier/alarm-cpu-high.json",
                    stage -> Map.of("SLACK_BOT_TOKEN", stage.slack().token(), "SLACK_API_URL", stage.slack().apiUrl()),
                    stage -> { },
                    (run, stage) -> run.answered() && stage.slack().accepted("chat.postMessage").size() == 1,
                    "posted one chat.postMessage to the Slack stand-in",
                    FunctionEntry::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainIncidentHandler", "plain-incident-notifier.jar"),

            // Buddy-EFS bursting, as the core stack makes it; the gateway plays UpdateFileSystem (moto has none).
            new FunctionEntry("EfsGuardFunction", "events/efs-guard/credits-low-alarm.json",
                    stage -> Map.of("EFS_FILE_SYSTEM", stage.fileSystemId()),
                    Stage::createBuddyEfs,
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && "elastic".equals(stage.efsThroughputMode()),
                    "switched Buddy-EFS bursting -> elastic",
                    FunctionEntry::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainEfsGuardHandler", "plain-efs-guard.jar"),

            // The stack a dashboard shows; neither dashboard exists yet, so both are written.
            new FunctionEntry("DashboardSyncFunction", "events/dashboard-sync/instance-launched.json",
                    stage -> Map.of(),
                    stage -> {
                        stage.createWebTierGroup(2, 2, 4);
                        stage.createDashboardStack();
                    },
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.dashboardExists("Buddyverse-Ops") && stage.dashboardExists("CPU-Per-Second"),
                    "wrote both dashboards (PutDashboard x2)",
                    FunctionEntry::unfollowedGroup,
                    "link.buddyverse.ops.bench.plain.PlainDashboardSyncHandler", "plain-dashboard-sync.jar"),

            // An instance of the web tier at its launch hook (played by the gateway): the first round asks the
            // instance whether it serves (SSM SendCommand) and sends itself a re-check (SQS) to read the answer.
            new FunctionEntry("LifecycleHookFunction", "events/lifecycle-hook/launch-lifecycle-action.json",
                    stage -> Map.of("LIFECYCLE_RECHECK_QUEUE_URL", stage.recheckQueueUrl()),
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
                    FunctionEntry::unfollowedGroup,
                    "link.buddyverse.ops.bench.plain.PlainLifecycleHookHandler", "plain-lifecycle-hook.jar"),

            // database1 and a replica that lags by 0-2 s, already the read name's one record: the reconcile a lag
            // alarm brings forward keeps it in and publishes the endpoints (the parameter does not exist yet).
            new FunctionEntry("ReplicaRotatorFunction", "events/replica-rotator/replica-lag-alarm.json",
                    stage -> Map.of("REPLICA_HOSTED_ZONE_ID", stage.privateZoneId()),
                    Stage::createDatabaseTier,
                    (run, stage) -> run.answered() && run.body().contains("\"status\":\"applied\"")
                            && stage.readEndpointsParameter().contains("\"instance\":\"" + Stage.REPLICA + "\""),
                    "published the read endpoints (SSM PutParameter) with the replica in",
                    FunctionEntry::unfollowedAlarm,
                    "link.buddyverse.ops.bench.plain.PlainReplicaRotatorHandler", "plain-replica-rotator.jar"));

    static Optional<FunctionEntry> named(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }
}
