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
                            "SLACK_BOT_TOKEN", SlackStandIn.TOKEN,
                            "SLACK_API_URL", stage.slack().apiUrl()),
                    stage -> { },
                    (run, stage) -> run.answered() && stage.slack().postMessages() == 1,
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
                    "link.buddyverse.ops.bench.plain.PlainEfsGuardHandler", "plain-efs-guard.jar"));

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
