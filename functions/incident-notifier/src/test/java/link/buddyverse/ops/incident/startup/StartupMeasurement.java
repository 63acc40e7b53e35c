package link.buddyverse.ops.incident.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.MotoServer;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fresh-JVM start of IncidentNotifierFunction next to ScalingTunerFunction, and what Slack's SDK costs: a
 * harness, not a test (it asserts that every run answered, never a time). Needs both shaded jars; run with
 *
 * <pre>
 * ./mvnw -B -q -pl functions/incident-notifier -am package -DskipTests
 * ./mvnw -B -q -pl functions/scaling-tuner package -DskipTests
 * ./mvnw -B -pl functions/incident-notifier surefire:test -Dtest=StartupMeasurement -Dincident.startup=true
 * </pre>
 *
 * Each run is a new {@code java} with the java21 runtime's flags, the deployment jar and {@link ColdInvoke}
 * on its classpath, against moto and the Slack stand-in on loopback (state reset before each run, so each run
 * opens a fresh incident or scales the group once). Subjects are interleaved so the machine's drift is shared.
 */
@ExtendWith(MotoExtension.class)
@EnabledIfSystemProperty(named = "incident.startup", matches = "true")
class StartupMeasurement {

    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto");
    static final int RUNS = Integer.getInteger("incident.startup.runs", 7);

    record Subject(String name, Path jar, String handler, Path event, Map<String, String> environment, String priming) {
    }

    record Run(double wallMs, double initMs, double invokeMs, String result) {
    }

    @Test
    void freshJvmStartOfBothFunctionsAndTheSlackSdksShare(MotoServer moto) throws Exception {
        Path root = SampleEvents.repositoryRoot();
        Path notifierJar = root.resolve("functions/incident-notifier/target/incident-notifier.jar");
        Path tunerJar = root.resolve("functions/scaling-tuner/target/scaling-tuner.jar");
        assertThat(notifierJar).exists();
        assertThat(tunerJar).exists();
        Path classes = Path.of(ColdInvoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        try (var slack = SlackStandIn.start()) {
            Map<String, String> common = new LinkedHashMap<>();
            common.put("AWS_REGION", MotoExtension.REGION);
            common.put("AWS_ACCESS_KEY_ID", "testing");
            common.put("AWS_SECRET_ACCESS_KEY", "testing");
            common.put("AWS_ENDPOINT_URL", moto.endpoint());
            common.put("OPS_STATE_TABLE", "OpsState");
            common.put("OPS_EVENT_BUS", "default");
            common.put("OPS_LOG_LEVEL", "WARN");
            Map<String, String> webhook = new LinkedHashMap<>(common);
            webhook.put("SLACK_WEBHOOK_URL", slack.webhookUrl());
            Map<String, String> bot = new LinkedHashMap<>(common);
            bot.put("SLACK_BOT_TOKEN", slack.token());
            bot.put("SLACK_API_URL", slack.apiUrl());
            String tuner = "link.buddyverse.ops.scaling.ScalingTunerHandler";
            String notifier = "link.buddyverse.ops.incident.IncidentNotifierHandler";
            Path cpuHigh = SampleEvents.path("scaling-tuner", "cpu-high-alarm.json");
            Path alarm = SampleEvents.path("incident-notifier", "alarm-cpu-high.json");
            String tunerPriming = "link.buddyverse.ops.kit.handler.Priming";
            String notifierPriming = "link.buddyverse.ops.kit.handler.Priming";
            List<Subject> subjects = List.of(
                    new Subject("ScalingTunerFunction", tunerJar, tuner, cpuHigh, common, null),
                    new Subject("IncidentNotifierFunction (webhook)", notifierJar, notifier, alarm, webhook, null),
                    new Subject("IncidentNotifierFunction (bot token)", notifierJar, notifier, alarm, bot, null),
                    new Subject("ScalingTunerFunction, primed", tunerJar, tuner, cpuHigh, common, tunerPriming),
                    new Subject("IncidentNotifierFunction (bot), primed", notifierJar, notifier, alarm, bot, notifierPriming));

            Map<String, List<Run>> runs = new LinkedHashMap<>();
            subjects.forEach(subject -> runs.put(subject.name(), new ArrayList<>()));
            for (int round = 0; round < RUNS + 1; round++) {
                for (Subject subject : subjects) {
                    freshAccount(moto);
                    Run run = coldStart(subject, classes);
                    assertThat(run.result()).as("%s answered", subject.name()).containsAnyOf("\"applied\"", "\"notified\"");
                    if (round > 0) {
                        // Round 0 warms the disk cache and moto; it is not counted.
                        runs.get(subject.name()).add(run);
                    }
                }
            }

            Map<String, List<Double>> probes = new LinkedHashMap<>();
            for (String mode : List.of("sdk", "model", "plain")) {
                probes.put(mode, new ArrayList<>());
            }
            for (int round = 0; round < RUNS + 1; round++) {
                for (String mode : probes.keySet()) {
                    double ms = probe(mode, notifierJar, classes, slack.apiUrl());
                    if (round > 0) {
                        probes.get(mode).add(ms);
                    }
                }
            }

            StringBuilder report = new StringBuilder();
            report.append(String.format("%nFresh-JVM start, median of %d runs (java %s, %s)%n", RUNS,
                    System.getProperty("java.version"), String.join(" ", LAMBDA_FLAGS)));
            report.append(String.format("%-38s %10s %10s %10s%n", "", "total ms", "init ms", "invoke ms"));
            runs.forEach((name, list) -> report.append(String.format("%-38s %10.0f %10.0f %10.0f%n", name,
                    median(list.stream().map(Run::wallMs).toList()), median(list.stream().map(Run::initMs).toList()),
                    median(list.stream().map(Run::invokeMs).toList()))));
            report.append(String.format("%nOne chat.postMessage from a fresh JVM (main to answer), median of %d%n", RUNS));
            probes.forEach((mode, list) -> report.append(String.format("%-38s %10.0f%n", mode, median(list))));
            report.append(String.format("%nJars%n"));
            for (Path jar : List.of(tunerJar, notifierJar)) {
                report.append(String.format("%-38s %,12d bytes%n", jar.getFileName(), Files.size(jar)));
            }
            report.append(String.format("%-38s %,12d bytes (compressed entries: com/slack, okhttp3, okio, kotlin, gson)%n",
                    "  of which Slack SDK + OkHttp + Gson", slackShare(notifierJar)));
            System.out.println(report);
        }
    }

    private static Run coldStart(Subject subject, Path classes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.add("-cp");
        command.add(subject.jar() + java.io.File.pathSeparator + classes);
        command.add(ColdInvoke.class.getName());
        command.add(subject.handler());
        command.add(subject.event().toString());
        if (subject.priming() != null) {
            command.add(subject.priming());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(subject.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("COLD "));
        }
        double wall = (System.nanoTime() - start) / 1e6;
        process.waitFor(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException(subject.name() + " did not answer");
        }
        String[] parts = line.split(" ", 4);
        return new Run(wall, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), parts[3]);
    }

    private static double probe(String mode, Path jar, Path classes, String api) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", jar + java.io.File.pathSeparator + classes, SlackSdkProbe.class.getName(), mode, api)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(30, TimeUnit.SECONDS);
        String line = answer.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("probe " + mode + " did not answer: " + answer));
        assertThat(line).endsWith(" 200");
        return Double.parseDouble(line.split(" ")[1]);
    }

    private static void freshAccount(MotoServer moto) throws IOException {
        moto.reset();
        AwsClients clients = new AwsClients();
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
        BuddyWebTier.create(clients.build(AutoScalingClient.builder()), 2, 2, 4);
    }

    private static long slackShare(Path jar) throws IOException {
        long bytes = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("com/slack/") || name.startsWith("okhttp3/") || name.startsWith("okio/")
                        || name.startsWith("kotlin/") || name.startsWith("com/google/gson/")) {
                    bytes += entry.getCompressedSize();
                }
            }
        }
        return bytes;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
