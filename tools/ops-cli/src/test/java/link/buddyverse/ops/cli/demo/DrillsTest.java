package link.buddyverse.ops.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.cli.sandbox.Sandbox;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each drill against a freshly deployed sandbox, through the real ScalingTunerFunction deployment jar. A drill
 * passes only when its effect shows in the sandbox: with the function in dry-run (it plans, changes nothing) the
 * same drills fail.
 */
class DrillsTest {

    @TempDir
    static Path workDir;

    static Sandbox sandbox;
    static ProjectLayout layout;

    @BeforeAll
    static void startSandbox() {
        layout = new ProjectLayout(SampleEvents.repositoryRoot(), SampleEvents.repositoryRoot());
        sandbox = Sandbox.start(System.getenv(), workDir.resolve("sandbox"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void freshStacks() {
        if (sandbox.stacks() == null) {
            sandbox.deploy(layout.root());
        } else {
            sandbox.reset(layout.root());
        }
    }

    @Test
    void cpuStressScalesTheGroupFromTwoToItsMaximumRaisesItOnceAndComesBackToTwo() {
        Demo.Run run = run(new CpuStressDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(invocationsOf(run, "ScalingTunerFunction")).isEqualTo(8);
        List<Integer> desired = run.timeline().samples().stream().map(Timeline.Sample::desired).toList();
        assertThat(desired).containsSubsequence(2, 3, 4, 5, 4, 3, 2);
        assertThat(run.timeline().samples()).extracting(Timeline.Sample::max).contains(4, 5).endsWith(4);
        assertThat(texts(run, Kind.FUNCTION)).anySatisfy(text -> assertThat(text).startsWith("ScalingTunerFunction applied"))
                .anySatisfy(text -> assertThat(text).startsWith("ScalingTunerFunction skipped"));
        assertThat(texts(run, Kind.AWS_PART)).anySatisfy(text -> assertThat(text).startsWith("CloudWatch: Buddy-CPU-High OK -> ALARM"))
                .anySatisfy(text -> assertThat(text).startsWith("EventBridge: \"Ops Action\" from ScalingTunerFunction matches rule"
                        + " IncidentNotifierFunction/OpsAction"));
        // The incident in Slack: opened once, every scaling step threaded, resolved when CPU-High cleared.
        assertThat(texts(run, Kind.SLACK)).filteredOn(text -> text.startsWith("posted to"))
                .containsExactly("posted to #buddy-ops: :large_orange_circle: Warning: Buddy-CPU-High");
        assertThat(texts(run, Kind.SLACK)).filteredOn(text -> text.startsWith("replied")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(texts(run, Kind.SLACK)).anySatisfy(text -> assertThat(text).startsWith("edited in #buddy-ops: :white_check_mark: Resolved"));
        assertThat(texts(run, Kind.PASS)).anySatisfy(text -> assertThat(text).startsWith("Slack: Buddy-CPU-High opened once, its 8 action(s)"));
        assertThat(run.timeline().slackStories()).hasSize(1);
    }

    @Test
    void anAzOutageIsRolledUpIntoOneStormMessageAndEveryAlarmIsToldOnce() {
        Demo.Run run = run(new AzOutageDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(invocationsOf(run, "IncidentNotifierFunction")).isEqualTo(24);
        assertThat(texts(run, Kind.PASS)).contains("Slack: the storm is rolled up into one message")
                .anySatisfy(text -> assertThat(text).startsWith("Slack: each of the storm's 12 alarms told once"));
    }

    @Test
    void aKilledInstanceIsReplacedAndTheTargetGroupFollows() {
        Demo.Run run = run(new KilledInstanceDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(texts(run, Kind.PASS)).anySatisfy(text -> assertThat(text).contains("2 in service, one of them new"));
    }

    @Test
    void aStoppedApacheIsMarkedUnhealthyByTheFunctionAndReplaced() {
        Demo.Run run = run(new StoppedApacheDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(invocationsOf(run, "ScalingTunerFunction")).isEqualTo(2);
        assertThat(run.timeline().entries()).filteredOn(e -> e.kind() == Kind.FUNCTION && e.text().startsWith("ScalingTunerFunction")).first()
                .satisfies(e -> assertThat(String.join("\n", e.details())).contains("SetInstanceHealth").contains("Unhealthy"));
        assertThat(texts(run, Kind.AWS_PART)).anySatisfy(text -> assertThat(text).startsWith("Auto Scaling: Buddy-AutoScaling-Group finds"));
    }

    @Test
    void theSharedFileSystemIsMountedByEveryWebServer() {
        Demo.Run run = run(new SharedFilesDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
    }

    @Test
    void drainedEfsCreditsTurnTheFileSystemElasticAndItWaitsForAwsDayBeforeBursting() {
        Demo.Run run = run(new EfsCreditsDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(invocationsOf(run, "EfsGuardFunction")).isEqualTo(2);
        assertThat(texts(run, Kind.FUNCTION)).anySatisfy(text -> assertThat(text).startsWith("EfsGuardFunction applied"))
                .anySatisfy(text -> assertThat(text).startsWith("EfsGuardFunction no-action: not yet"));
        assertThat(texts(run, Kind.AWS_PART)).anySatisfy(text -> assertThat(text)
                .startsWith("CloudWatch: Buddy-EFS-Burst-Credits-Low OK -> ALARM"));
    }

    @Test
    void aLaggingReplicaLeavesAndComesBackAfterTheHoldADeletedOneLeavesAndANewOneJoins() {
        Demo.Run run = run(new ReplicaLagDrill(), Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.PASSED);
    }

    @Test
    void everyFunctionOfTheTemplateHasADrillAndNoneIsPending() {
        assertThat(Drills.all()).noneMatch(drill -> drill instanceof PendingDrill);
    }

    @Test
    void aDrillOfAFunctionNotBuiltYetIsPendingNotPassed() {
        List<Drill> pending = List.of(new PendingDrill("next-function", "A function still to come", "did it by hand",
                "NextFunction", "what it will do", context -> context.check(true, "its preconditions hold", "")));
        Demo.Run run = Demo.runDrills(sandbox, layout, System.getenv(), pending, new Timeline(e -> { }), workDir, Demo.DEMO_OVERRIDES);

        assertThat(run.results()).extracting(DrillResult::id).containsExactly("next-function");
        assertThat(run.results()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.PENDING));
        assertThat(run.passed()).isTrue();
    }

    @Test
    void aDrillWhoseEffectIsMissingFails() {
        Map<String, String> dryRun = new LinkedHashMap<>(Demo.DEMO_OVERRIDES);
        dryRun.put("OPS_DRY_RUN", "true");

        Demo.Run apache = run(new StoppedApacheDrill(), dryRun);
        assertThat(apache.results().get(0).outcome()).isEqualTo(DrillResult.Outcome.FAILED);
        assertThat(apache.results().get(0).summary()).contains("marked").contains("Unhealthy");
        assertThat(apache.passed()).isFalse();
        assertThat(texts(apache, Kind.FUNCTION)).anySatisfy(text -> assertThat(text).startsWith("ScalingTunerFunction dry-run"));

        sandbox.reset(layout.root());
        Demo.Run stress = run(new CpuStressDrill(), dryRun);
        assertThat(stress.results().get(0).outcome()).isEqualTo(DrillResult.Outcome.FAILED);
        assertThat(stress.results().get(0).summary()).contains("scaled out by one");
        assertThat(invocationsOf(stress, "ScalingTunerFunction")).isEqualTo(1);
    }

    @Test
    void aRulePatternBrokenInTemplateYamlShowsAsAMissingSlackNoticeAndFailsTheDrill() throws Exception {
        // A copy of the project whose template.yaml spells the Ops Action rules' detail-type wrong; the rest is the
        // project itself (links), so the same function jars run.
        Path copy = Files.createDirectories(workDir.resolve("broken-rule"));
        for (String part : List.of("core", "events", "functions")) {
            Files.createSymbolicLink(copy.resolve(part), layout.root().resolve(part));
        }
        String template = Files.readString(layout.root().resolve("template.yaml"));
        assertThat(template).contains("detail-type: [Ops Action]");
        Files.writeString(copy.resolve("template.yaml"), template.replace("detail-type: [Ops Action]", "detail-type: [Ops Actions]"));
        ProjectLayout broken = new ProjectLayout(copy, copy);

        Demo.Run run = Demo.runDrills(sandbox, broken, System.getenv(), List.of(new StoppedApacheDrill()), new Timeline(e -> { }),
                workDir, Demo.DEMO_OVERRIDES);

        assertThat(run.results().get(0).outcome()).as(summary(run)).isEqualTo(DrillResult.Outcome.FAILED);
        assertThat(run.results().get(0).summary()).contains("Slack").contains("SetInstanceHealth").contains("threaded");
        assertThat(texts(run, Kind.AWS_PART)).anySatisfy(text -> assertThat(text).contains("\"Ops Action\"")
                .contains("matches no rule of template.yaml"));
    }

    private static Demo.Run run(Drill drill, Map<String, String> overrides) {
        return Demo.runDrills(sandbox, layout, System.getenv(), List.of(drill), new Timeline(e -> { }), workDir, overrides);
    }

    private static long invocationsOf(Demo.Run run, String function) {
        return texts(run, Kind.FUNCTION).stream().filter(text -> text.startsWith(function + " ")).count();
    }

    private static List<String> texts(Demo.Run run, Kind kind) {
        return run.timeline().entries().stream().filter(e -> e.kind() == kind).map(Timeline.Entry::text).toList();
    }

    private static String summary(Demo.Run run) {
        StringBuilder text = new StringBuilder();
        run.timeline().entries().forEach(e -> text.append(e.kind().label()).append(": ").append(e.text()).append('\n'));
        return text.toString();
    }
}
