package link.buddyverse.ops.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak's checker on records made up to show each thing it must catch: it can fail. A clean run passes; an event
 * applied twice, a lost event, a change no event accounts for and a group out of its bounds are each a finding.
 */
class SoakCheckerTest {

    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
    private static final GroupSample START = new GroupSample(T0, 2, 2, 4);
    private final SoakChecker checker = new SoakChecker(8);

    private static Instant at(int millis) {
        return T0.plusMillis(millis);
    }

    private static SoakEvent event(int index, String id) {
        return new SoakEvent(index, id, SoakEvent.Kind.CPU_HIGH_ALARM, false);
    }

    private static Delivery applied(String eventId, int attempt, int from, int to, int start, int end, String detail) {
        return new Delivery(eventId, SoakEvent.Kind.CPU_HIGH_ALARM, attempt, false, 0, eventId + "-" + attempt, at(start), at(end),
                "ANSWERED", "applied", null,
                List.of(new Delivery.Step("SetDesiredCapacity", Integer.toString(from), Integer.toString(to), "applied", detail)), List.of());
    }

    private static Delivery failedDelivery(String eventId, int attempt, int start, int end) {
        return new Delivery(eventId, SoakEvent.Kind.CPU_HIGH_ALARM, attempt, false, 1, eventId + "-" + attempt, at(start), at(end),
                "FUNCTION_ERROR", null, "link.buddyverse.ops.kit.handler.RetryableFailure: throttled", List.of(), List.of());
    }

    private static GroupChange desired(int millis, int value) {
        return new GroupChange(at(millis), "SetDesiredCapacity", value, null, null, 200, "moto");
    }

    @Test
    void aRunWhereEachEventChangedTheGroupOnceAndTheRestSaidWhyHasNoFinding() {
        Delivery noAction = new Delivery("e-2", SoakEvent.Kind.SCHEDULE_TICK, 0, false, 1, "r-2", at(300), at(400), "ANSWERED",
                "no-action", "no managed alarm is in ALARM", List.of(), List.of());
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1"), event(1, "e-2")),
                List.of(applied("e-1", 0, 2, 3, 0, 200, ""), noAction), List.of(desired(100, 3)), START,
                List.of(new GroupSample(at(500), 2, 3, 4)));

        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.figures().get("finalStatus")).hasToString("{applied=1, no-action=1}");
    }

    @Test
    void aRetryThatFoundItsChangeInPlaceIsOneChangeNotTwo() {
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1")),
                List.of(failedDelivery("e-1", 0, 0, 200), applied("e-1", 1, 2, 3, 61_000, 61_100, "already in place: 3")),
                List.of(desired(100, 3)), START, List.of());

        assertThat(verdict.findings()).isEmpty();
    }

    @Test
    void aDuplicatesAnswerRepeatingTheHoldersOutcomeIsNotASecondApply() {
        Delivery duplicate = new Delivery("e-1", SoakEvent.Kind.CPU_HIGH_ALARM, 0, true, 2, "r-copy", at(0), at(300), "ANSWERED",
                "duplicate", "event e-1 was already handled",
                List.of(new Delivery.Step("SetDesiredCapacity", "2", "3", "applied", "")), List.of());
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1")), List.of(applied("e-1", 0, 2, 3, 0, 200, ""), duplicate),
                List.of(desired(100, 3)), START, List.of());

        assertThat(verdict.findings()).isEmpty();
    }

    @Test
    void aCallWhoseAnswerWasCutBelongsToTheEventThatPlannedItNotToTheOneThatLoggedTheSameValueLater() {
        // e-2 set 5 and its answer was cut (its plan shows only in its retry, superseded); e-3 moved the group to 6;
        // e-1, running all along, logged its own 6 -> 5 at the end. One change each, not two for e-1.
        Delivery cut = failedDelivery("e-2", 0, 0, 600);
        Delivery retried = new Delivery("e-2", SoakEvent.Kind.CPU_LOW_ALARM, 1, false, 2, "r-2b", at(61_000), at(61_100), "ANSWERED",
                "superseded", "reads 7, but the plan was 6 -> 5", List.of(new Delivery.Step("SetDesiredCapacity", "6", "5", "superseded",
                "reads 7")), List.of());
        Delivery loggedLater = new Delivery("e-1", SoakEvent.Kind.CPU_LOW_ALARM, 0, false, 1, "r-1", at(100), at(2_000), "ANSWERED",
                "applied", null, List.of(new Delivery.Step("SetDesiredCapacity", "6", "5", "applied", "")),
                List.of(new Delivery.Step("SetDesiredCapacity", "6", "5", "applied", "logged")));
        GroupSample six = new GroupSample(T0, 2, 6, 8);
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1"), event(1, "e-2"), event(2, "e-3")),
                List.of(cut, retried, loggedLater, applied("e-3", 0, 5, 6, 700, 900, "")),
                List.of(new GroupChange(at(500), "SetDesiredCapacity", 5, null, null, 200, "fault:drop-connection"), desired(800, 6),
                        desired(1_500, 5)), six, List.of());

        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.notes()).singleElement().asString().startsWith("event e-2 changed the group once");
    }

    @Test
    void aCutCallOfAnEventThatNeverAnsweredIsItsOwnAndTheEventIsLost() {
        Delivery cut = new Delivery("e-1", SoakEvent.Kind.CPU_HIGH_ALARM, 0, false, 0, "r-1", at(0), at(300), "FUNCTION_ERROR", null,
                "RetryableFailure: event e-1 will be retried: UpdateGroupLimits on Buddy-AutoScaling-Group failed and a retry can"
                        + " fix it: Crc32MismatchException", List.of(), List.of());
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1")), List.of(cut),
                List.of(new GroupChange(at(200), "UpdateAutoScalingGroup", null, null, 5, 200, "fault:drop-connection")), START, List.of());

        assertThat(verdict.findings()).singleElement().asString().startsWith("lost: event e-1");
        assertThat(verdict.notes()).singleElement().asString().startsWith("event e-1 changed the group once");
    }

    @Test
    void anEventAppliedByTwoDeliveriesIsADoubleApply() {
        // The first delivery's "applied" mark was lost; 61 s later, after another event moved the group, the retry
        // re-applied the recorded target: issue 20's first finding.
        Delivery other = applied("e-2", 0, 3, 2, 1_000, 1_200, "");
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1"), event(1, "e-2")),
                List.of(applied("e-1", 0, 2, 3, 0, 200, ""), other, applied("e-1", 1, 2, 3, 61_000, 61_200, "")),
                List.of(desired(100, 3), desired(1_100, 2), desired(61_100, 3)), START, List.of());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.findings())
                .anySatisfy(f -> assertThat(f).startsWith("applied twice: event e-1").contains("2 deliveries"))
                .anySatisfy(f -> assertThat(f).startsWith("changed twice: event e-1").contains("DesiredCapacity=3"));
    }

    @Test
    void aDeliveryThatLoggedItsChangeThenFailedAndARetryThatChangedAgainIsADoubleApply() {
        Delivery failedAfterApplying = new Delivery("e-1", SoakEvent.Kind.CPU_HIGH_ALARM, 0, false, 1, "r-1", at(0), at(200),
                "FUNCTION_ERROR", null, "RetryableFailure: completion could not be recorded", List.of(),
                List.of(new Delivery.Step("SetDesiredCapacity", "2", "3", "applied", "logged")));
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1"), event(1, "e-2")),
                List.of(failedAfterApplying, applied("e-2", 0, 3, 2, 1_000, 1_200, ""), applied("e-1", 1, 2, 3, 61_000, 61_200, "")),
                List.of(desired(100, 3), desired(1_100, 2), desired(61_100, 3)), START, List.of());

        assertThat(verdict.findings()).anySatisfy(f -> assertThat(f).startsWith("applied twice: event e-1"))
                .anySatisfy(f -> assertThat(f).startsWith("changed twice: event e-1"));
    }

    @Test
    void anEventWhoseDeliveriesAllFailedIsLost() {
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1")),
                List.of(failedDelivery("e-1", 0, 0, 100), failedDelivery("e-1", 1, 61_000, 61_100), failedDelivery("e-1", 2, 183_000, 183_100)),
                List.of(), START, List.of());

        assertThat(verdict.findings()).singleElement().asString()
                .startsWith("lost: event e-1").contains("failed (no delivery succeeded)").contains("throttled");
    }

    @Test
    void anEventEndingFailedIsLostAndOneEndingSupersededWithoutAReasonIsAFinding() {
        Delivery refused = new Delivery("e-1", SoakEvent.Kind.CPU_HIGH_ALARM, 0, false, 0, "r-1", at(0), at(100), "ANSWERED", "failed",
                "SetDesiredCapacity 5 is above max value 4", List.of(new Delivery.Step("SetDesiredCapacity", "4", "5", "failed",
                "ValidationError")), List.of());
        Delivery silent = new Delivery("e-2", SoakEvent.Kind.CPU_LOW_ALARM, 0, false, 1, "r-2", at(200), at(300), "ANSWERED",
                "superseded", null, List.of(new Delivery.Step("SetDesiredCapacity", "4", "3", "superseded", "")), List.of());

        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1"), event(1, "e-2")), List.of(refused, silent), List.of(),
                START, List.of());

        assertThat(verdict.findings()).hasSize(2)
                .anySatisfy(f -> assertThat(f).startsWith("lost: event e-1").contains("above max value 4"))
                .anySatisfy(f -> assertThat(f).startsWith("no reason: event e-2 ended superseded"));
    }

    @Test
    void aChangeNoEventsPlanAccountsForAndAGroupOutOfItsBoundsAreFindings() {
        SoakChecker.Verdict verdict = checker.check(List.of(event(0, "e-1")), List.of(applied("e-1", 0, 2, 3, 0, 200, "")),
                List.of(desired(100, 3), desired(5_000, 7)), START, List.of(new GroupSample(at(6_000), 2, 7, 4)));

        assertThat(verdict.findings())
                .anySatisfy(f -> assertThat(f).startsWith("unattributed: ").contains("DesiredCapacity=7"))
                .anySatisfy(f -> assertThat(f).startsWith("out of bounds: after ").contains("desired 7, max 4"))
                .anySatisfy(f -> assertThat(f).startsWith("out of bounds: read at "));
    }
}
