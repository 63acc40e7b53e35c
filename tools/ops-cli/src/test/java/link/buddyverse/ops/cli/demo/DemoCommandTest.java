package link.buddyverse.ops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.localaws.MotoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ops demo} as a user runs it: the timeline on stdout, the report on disk, the exit status. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsTheDrills() {
        CliRun run = CliRun.of(new OpsCli(System.getenv()), "demo", "--list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("cpu-stress", "killed-instance", "stopped-apache", "shared-files", "replica-lag", "efs-credits");
    }

    @Test
    void printsTheTimelineWritesAnOfflineReportWithTheCapacityChartAndExitsZero() throws Exception {
        Path report = dir.resolve("report.html");
        CliRun run = CliRun.of(new OpsCli(System.getenv()), "demo", "--drill", "killed-instance", "--report", report.toString(),
                "--no-color");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("== Sandbox", "== Killed instance: replaced", "✔ pass", "⚒ owners", "Report:")
                .containsPattern("passed +Killed instance");
        String html = Files.readString(report);
        assertThat(html).contains("<svg", "polyline", "Killed instance: replaced", "all drills passed");
        assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http", "@import");
    }

    @Test
    void exitsNonZeroWhenADrillsExpectedEffectDoesNotHappen() {
        CliRun run = CliRun.of(new OpsCli(System.getenv()), "demo", "--drill", "stopped-apache", "--dry-run",
                "--report", dir.resolve("report.html").toString(), "--no-color");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DemoCommand.DRILL_FAILED);
        assertThat(run.out()).contains("✘ FAIL").containsPattern("failed +Stopped Apache");
    }

    @Test
    void saysInOneSentenceHowToInstallMotoWhenItIsMissing() {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.put("PATH", "/nonexistent");
        CliRun run = CliRun.of(new OpsCli(environment), "demo");

        assertThat(run.exitCode()).isEqualTo(OpsCli.SETUP_ERROR);
        assertThat(run.err().strip()).isEqualTo("ops: " + MotoProcess.INSTALL_HINT);
    }
}
