package link.buddyverse.ops.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** {@code ./ops sandbox up|status|down}: a sandbox that outlives the command, and stops exactly what it started. */
class SandboxCommandTest {

    private static final Pattern EXPORT = Pattern.compile("export (\\w+)=(\\S+)");

    @TempDir
    Path stateDir;

    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.put(SandboxCommand.STATE_DIR_VARIABLE, stateDir.toString());
        return environment;
    }

    @Test
    void upDeploysAndPrintsTheEnvironmentUpAgainChangesNothingAndDownStopsEveryProcess() throws Exception {
        int port = MotoProcess.freeLoopbackPort();
        CliRun up = CliRun.of(new OpsCli(environment()), "sandbox", "up", "--port", Integer.toString(port));
        try {
            assertThat(up.exitCode()).as(up.err()).isZero();
            Map<String, String> exported = exports(up.out());
            assertThat(exported).containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port)
                    .containsEntry("AWS_REGION", "ap-northeast-2").containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
                    .containsEntry("SLACK_BOT_TOKEN", SlackStandIn.TOKEN);
            assertThat(exported.get("SLACK_API_URL")).matches("http://127\\.0\\.0\\.1:\\d+/api/");
            SandboxState state = SandboxState.read(stateDir).orElseThrow();
            assertThat(ProcessHandle.of(state.slackPid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(ProcessHandle.of(state.motoPid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(ProcessHandle.of(state.gatewayPid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            CliRun again = CliRun.of(new OpsCli(environment()), "sandbox", "up", "--port", Integer.toString(port));
            assertThat(again.exitCode()).isZero();
            assertThat(again.err()).contains("already running").contains("nothing to do");
            assertThat(exports(again.out())).isEqualTo(exported);
            assertThat(SandboxState.read(stateDir).orElseThrow().motoPid()).isEqualTo(state.motoPid());

            CliRun status = CliRun.of(new OpsCli(environment()), "sandbox", "status");
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).contains("group Buddy-AutoScaling-Group: desired 2, min 2, max 4")
                    .contains("database database1-replica: available").contains("Buddy-CPU-High");

            // The sample event is weeks old, so the tuner asks CloudWatch first: the alarm must be in ALARM now.
            try (var cloudWatch = software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()
                    .endpointOverride(java.net.URI.create(exported.get("AWS_ENDPOINT_URL")))
                    .region(software.amazon.awssdk.regions.Region.AP_NORTHEAST_2)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
                cloudWatch.setAlarmState(b -> b.alarmName("Buddy-CPU-High").stateValue("ALARM").stateReason("CPU stress"));
            }
            // The printed environment and env-vars file run the real function against the sandbox.
            Map<String, String> shell = new LinkedHashMap<>(exported);
            shell.put("PATH", System.getenv("PATH"));
            shell.put("HOME", System.getProperty("user.home"));
            CliRun invoke = CliRun.of(new OpsCli(shell), "local", "invoke", "ScalingTunerFunction",
                    "-e", SampleEvents.path("scaling-tuner", "cpu-high-alarm.json").toString(), "-n", state.envVarsFile(),
                    "-t", SampleEvents.repositoryRoot().resolve("template.yaml").toString());
            assertThat(invoke.exitCode()).as(invoke.err()).isZero();
            assertThat(invoke.json()).containsEntry("status", "applied");

            // The notifier, with the exported Slack variables alone, posts its incident to the sandbox's Slack stand-in.
            CliRun notify = CliRun.of(new OpsCli(shell), "local", "invoke", "IncidentNotifierFunction",
                    "-e", SampleEvents.path("incident-notifier", "alarm-cpu-high.json").toString(),
                    "-t", SampleEvents.repositoryRoot().resolve("template.yaml").toString());
            assertThat(notify.exitCode()).as(notify.err()).isZero();
            assertThat(notify.json()).containsEntry("status", "notified");
            assertThat(notify.out()).contains("\"mode\":\"bot\"").contains("\"delivered\":1");
            try (SandboxClients aws = new SandboxClients(DetachedSandbox.endpoint(state), "ap-northeast-2")) {
                AutoScalingGroup group = aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("Buddy-AutoScaling-Group"))
                        .autoScalingGroups().get(0);
                assertThat(group.desiredCapacity()).isEqualTo(3);
            }

            CliRun down = CliRun.of(new OpsCli(environment()), "sandbox", "down");
            assertThat(down.exitCode()).isZero();
            assertThat(down.err()).contains("stopped the Slack stand-in (pid " + state.slackPid() + ")")
                    .contains("the gateway (pid " + state.gatewayPid() + ")").contains("moto_server (pid " + state.motoPid() + ")");
            assertThat(ProcessHandle.of(state.slackPid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(ProcessHandle.of(state.motoPid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(ProcessHandle.of(state.gatewayPid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(Files.exists(stateDir.resolve(SandboxState.FILE))).isFalse();

            assertThat(CliRun.of(new OpsCli(environment()), "sandbox", "status").exitCode()).isEqualTo(1);
            CliRun downAgain = CliRun.of(new OpsCli(environment()), "sandbox", "down");
            assertThat(downAgain.exitCode()).isZero();
            assertThat(downAgain.err()).contains("nothing to stop");
        } finally {
            SandboxState.read(stateDir).ifPresent(state -> DetachedSandbox.stop(state, stateDir));
        }
    }

    @Test
    void downLeavesAloneProcessesItDidNotStartEvenUnderARecordedPid() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            new SandboxState(MotoProcess.freeLoopbackPort(), 1, stranger.pid(), ProcessHandle.current().pid(), 2, stranger.pid(),
                    "ap-northeast-2",
                    "then", Map.of(), List.of(), List.of(), "env.json").write(stateDir);

            CliRun down = CliRun.of(new OpsCli(environment()), "sandbox", "down");

            assertThat(down.exitCode()).isZero();
            assertThat(down.err()).contains("had ended already");
            assertThat(stranger.isAlive()).isTrue();
            assertThat(Files.exists(stateDir.resolve(SandboxState.FILE))).isFalse();
        } finally {
            stranger.destroy();
        }
    }

    @Test
    void upSaysInOneSentenceHowToInstallMotoWhenItIsMissing() {
        Map<String, String> environment = environment();
        environment.put("PATH", "/nonexistent");
        CliRun up = CliRun.of(new OpsCli(environment), "sandbox", "up", "--port", Integer.toString(MotoProcess.freeLoopbackPort()));

        assertThat(up.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(up.err().strip()).isEqualTo("ops: " + MotoProcess.INSTALL_HINT);
        assertThat(up.out()).isEmpty();
    }

    private static Map<String, String> exports(String out) {
        Map<String, String> exported = new LinkedHashMap<>();
        Matcher matcher = EXPORT.matcher(out);
        while (matcher.find()) {
            exported.put(matcher.group(1), matcher.group(2));
        }
        return exported;
    }
}
