package link.buddyverse.ops.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The budgets stay inside AWS's limits, and the check script reads the target group's matcher. */
class LifecyclePlannerTest {

    final LifecycleSettings settings = new LifecycleSettings("Buddy-AutoScaling-Group", "Buddy-Launch-Hook",
            "Buddy-Terminate-Hook", "Buddy-LoadBalance-TargetGroup", "https://sqs/q", "/mnt/efs", 900, 20, 15, 30, "", 120, 60,
            120, 60, 180);
    final LifecyclePlanner planner = new LifecyclePlanner(settings, LifecycleHook.NAME);

    @Test
    void aConfiguredBudgetWithinAwsLimitsIsKept() {
        assertThat(planner.budget(Duration.ofSeconds(900), new Observed.Hook("h", 300, "CONTINUE"), 20)).hasSeconds(900);
    }

    @Test
    void theBudgetEndsBeforeAHundredHeartbeatTimeouts() {
        // 100 x 30 s = 3000 s; the last round (20 s delay + 60 s margin) must come before that.
        assertThat(planner.budget(Duration.ofHours(2), new Observed.Hook("h", 30, "CONTINUE"), 20)).hasSeconds(2920);
    }

    @Test
    void theBudgetEndsBeforeFortyEightHours() {
        assertThat(planner.budget(Duration.ofHours(72), new Observed.Hook("h", 7200, "CONTINUE"), 20))
                .isEqualTo(Duration.ofHours(48).minusSeconds(80));
    }

    @Test
    void aHeartbeatIsRecordedOnlyWhenTheHookWouldTimeOutBeforeTheNextLook() {
        Instant start = Instant.parse("2026-11-25T09:00:00Z");
        HookWait wait = new HookWait("g", "i-1", "Buddy-Launch-Hook", "t", HookWait.Transition.LAUNCH, "o", 0, start, start,
                "check", "", start);
        Observed.TargetGroup target = new Observed.TargetGroup("arn", "/health.html", "80", "200", 60);
        Observed.Hook hook = new Observed.Hook("Buddy-Launch-Hook", 300, "CONTINUE");

        assertThat(planner.launch(wait, hook, target, Observed.Command.NONE, start.plusSeconds(200)).actions())
                .extracting(a -> a.type()).containsExactly("SendShellCommand", "SendRecheck");
        assertThat(planner.launch(wait, hook, target, Observed.Command.NONE, start.plusSeconds(230)).actions())
                .extracting(a -> a.type()).containsExactly("SendShellCommand", "RecordLifecycleHeartbeat", "SendRecheck");
    }

    @Test
    void aRefusedCheckIsNotReadyYetUntilTheAgentsRegistrationTimeThenTheHooksDefaultResult() {
        Instant start = Instant.parse("2026-11-25T09:00:00Z");
        HookWait wait = new HookWait("g", "i-1", "Buddy-Launch-Hook", "t", HookWait.Transition.LAUNCH, "o", 0, start, start,
                "check", "k", start);
        Observed.TargetGroup target = new Observed.TargetGroup("arn", "/health.html", "80", "200", 60);
        Observed.Command refused = new Observed.Command(Observed.Command.State.REFUSED, "NotSent", -1,
                "the SSM agent on i-1 is not registered yet (InvalidInstanceId)");

        assertThat(planner.launch(wait, new Observed.Hook("h", 300, "CONTINUE"), target, refused, start.plusSeconds(179)).actions())
                .extracting(a -> a.type()).containsExactly("SendShellCommand", "SendRecheck");
        LifecyclePlanner.Decision notManaged = planner.launch(wait, new Observed.Hook("h", 300, "ABANDON"), target, refused,
                start.plusSeconds(180));
        assertThat(notManaged.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("CompleteLifecycleAction");
            assertThat(a.after()).isEqualTo("ABANDON");
            assertThat(a.reason()).contains("i-1 is not an SSM managed node");
        });
        assertThat(notManaged.warnings()).hasSize(1);
    }

    @Test
    void theMatcherBecomesAShellTestOfTheStatusCode() {
        assertThat(ReadinessScript.matches("200,302")).contains("-eq 200").contains("-eq 302");
        assertThat(ReadinessScript.matches("200-299")).contains("-ge 200").contains("-le 299");
    }
}
