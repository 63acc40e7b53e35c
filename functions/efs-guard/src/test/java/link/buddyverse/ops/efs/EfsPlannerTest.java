package link.buddyverse.ops.efs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.efs.action.SetThroughputMode;
import link.buddyverse.ops.kit.plan.Plan;
import org.junit.jupiter.api.Test;

/** The planner's rules at their bounds: no AWS, no clock but the one given. */
class EfsPlannerTest {

    static final Instant CHANGED = Instant.parse("2026-11-25T09:00:00Z");
    static final EfsGuardSettings SETTINGS = new EfsGuardSettings("Buddy-EFS", List.of("Low"), List.of("High"), List.of("Io"),
            true, 1_000, 6, 15, 60, 30);
    final EfsPlanner planner = new EfsPlanner(SETTINGS);
    final FileSystemState bursting = new FileSystemState("fs-1", "Buddy-EFS", "bursting", "generalPurpose", "available");
    final FileSystemState elastic = new FileSystemState("fs-1", "Buddy-EFS", "elastic", "generalPurpose", "available");
    final GuardMemory wentElastic = GuardMemory.NOTHING.withLastChange(new GuardMemory.ThroughputChange("bursting", "elastic", CHANGED));

    @Test
    void aModeChangeIsAllowedExactlyTwentyFourHoursAfterTheLastAndNotASecondBefore() {
        GuardMemory wentBursting = GuardMemory.NOTHING.withLastChange(new GuardMemory.ThroughputChange("elastic", "bursting", CHANGED));

        Plan early = planner.moreThroughput("Low", bursting, wentBursting, CHANGED.plus(Duration.ofHours(24)).minusSeconds(1));
        Plan onTime = planner.moreThroughput("Low", bursting, wentBursting, CHANGED.plus(Duration.ofHours(24)));

        assertThat(early.isEmpty()).isTrue();
        assertThat(early.notes()).containsExactly("not yet: the next throughput mode change of fs-1 is allowed from 2026-11-26T09:00:00Z");
        assertThat(onTime.actions()).singleElement().isEqualTo(new SetThroughputMode("fs-1", "bursting", "elastic",
                "Low is in ALARM: elastic throughput instead of the baseline once burst credits run out"));
    }

    @Test
    void awsOwnLaterTimeWinsOverTheRememberedChange() {
        GuardMemory refused = wentElastic.withNotBefore(CHANGED.plus(Duration.ofHours(30)));

        assertThat(refused.nextModeChangeAllowed()).isEqualTo(CHANGED.plus(Duration.ofHours(30)));
    }

    @Test
    void creditsMustCoverTheWholeRecoveryWindowBeforeGoingBack() {
        Instant now = CHANGED.plus(Duration.ofHours(30));
        MetricSeries lastHourOnly = series(now, Duration.ofHours(1), 5_000);
        MetricSeries sixHours = series(now, Duration.ofHours(6), 5_000);

        assertThat(planner.recovery(elastic, wentElastic, lastHourOnly, List.of(), now).notes().get(0))
                .contains("no datapoints covering the last 6 h");
        assertThat(planner.recovery(elastic, wentElastic, sixHours, List.of(), now).actions())
                .singleElement().satisfies(a -> assertThat(a.after()).isEqualTo("bursting"));
    }

    @Test
    void anElasticModeTheFunctionDidNotSetIsLeftAsTheOwnersChose() {
        Instant now = CHANGED.plus(Duration.ofHours(30));

        Plan plan = planner.recovery(elastic, GuardMemory.NOTHING, series(now, Duration.ofHours(6), 5_000), List.of(), now);

        assertThat(plan.notes()).singleElement().asString().contains("not by EfsGuardFunction");
    }

    private static MetricSeries series(Instant now, Duration span, double value) {
        List<MetricSeries.Point> points = new ArrayList<>();
        for (Instant t = now.minus(span); !t.isAfter(now); t = t.plus(Duration.ofMinutes(5))) {
            points.add(new MetricSeries.Point(t, value));
        }
        return new MetricSeries("BurstCreditBalance", now.minus(Duration.ofHours(6)), now, points);
    }
}
