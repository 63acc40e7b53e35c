package link.buddyverse.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.scaling.action.SetDesiredCapacity;
import link.buddyverse.ops.scaling.action.SetInstanceHealth;
import link.buddyverse.ops.scaling.action.UpdateGroupLimits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given an alarm and an observed group, the plan is X: every rule at its bounds, no AWS involved. */
class ScalingPlannerTest {

    static final String GROUP = "Buddy-AutoScaling-Group";

    static ScalingSettings settings(int step) {
        return new ScalingSettings(GROUP, "Buddy-LoadBalance-TargetGroup", List.of("Buddy-CPU-High"),
                List.of("Buddy-CPU-Low"), List.of("Buddy-Unhealthy-Hosts"), step, 8, 4, 300, 120);
    }

    /** A settled group (every desired instance in service) whose MaxSize, if raised, was raised by the tuner. */
    static GroupState group(int min, int desired, int max) {
        List<GroupState.Member> members = java.util.stream.IntStream.range(0, desired)
                .mapToObj(i -> member("i-" + i, "InService", "Healthy")).toList();
        return new GroupState(GROUP, min, max, desired, members, java.util.Set.of(max));
    }

    @org.junit.jupiter.api.Nested
    class CapacityOnTheWayAndHandsOff {

        @Test
        void instancesStillPendingStopAFurtherScaleOutForTheSameDemand() {
            GroupState launching = new GroupState(GROUP, 2, 4, 3, List.of(member("i-1", "InService", "Healthy"),
                    member("i-2", "InService", "Healthy"), member("i-3", "Pending:Wait", "Healthy")), java.util.Set.of());

            var plan = new ScalingPlanner(settings(1)).plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", launching, java.util.Map.of());

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.notes()).singleElement().asString().contains("1 instance(s)").contains("i-3 (Pending:Wait)");
        }

        @Test
        void aMaxSizeSomeoneElseSetIsKeptAndTheWarningSaysHandsOff() {
            GroupState raisedByAPerson = new GroupState(GROUP, 2, 6, 3, List.of(member("i-1", "InService", "Healthy"),
                    member("i-2", "InService", "Healthy"), member("i-3", "InService", "Healthy")), java.util.Set.of(5));

            var plan = new ScalingPlanner(settings(1)).plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", raisedByAPerson, java.util.Map.of());

            assertThat(plan.actions()).singleElement().isInstanceOf(link.buddyverse.ops.scaling.action.SetDesiredCapacity.class);
            assertThat(plan.warnings()).singleElement().asString().startsWith("hands off").contains("MaxSize 6")
                    .contains("it set [5]");
        }
    }

    static GroupState.Member member(String id, String lifecycle, String health) {
        return new GroupState.Member(id, lifecycle, health);
    }

    final ScalingPlanner planner = new ScalingPlanner(settings(1));

    @Nested
    class ScaleOut {

        @Test
        void raisesDesiredCapacityByTheStep() {
            Plan plan = planner.plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", group(2, 2, 4), Map.of());

            assertThat(plan.actions()).containsExactly(new SetDesiredCapacity(GROUP, 2, 3, 2, 4,
                    "Buddy-CPU-High is in ALARM: scale out by 1"));
            assertThat(plan.warnings()).isEmpty();
            assertThat(plan.cooldown()).hasSeconds(300);
        }

        @Test
        void neverRaisesDesiredCapacityAboveMaxSize() {
            Plan plan = new ScalingPlanner(settings(2)).plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", group(2, 3, 4), Map.of());

            assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(SetDesiredCapacity.class,
                    action -> assertThat(action.to()).isEqualTo(4));
        }

        @Test
        void raisesMaxSizeByTheStepAndSaysSoLoudlyWhenPinnedAtTheMaximum() {
            Plan plan = planner.plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", group(2, 4, 4), Map.of());

            assertThat(plan.actions()).containsExactly(
                    new UpdateGroupLimits(GROUP, 4, 5, 8, 4, "Buddy-CPU-High is in ALARM with the group pinned at MaxSize 4"),
                    new SetDesiredCapacity(GROUP, 4, 5, 2, 5,
                            "Buddy-CPU-High is in ALARM: scale out by 1 above the former maximum"));
            assertThat(plan.warnings()).singleElement().asString()
                    .contains("pinned at MaxSize 4").contains("raising MaxSize to 5").contains("hard ceiling 8");
        }

        @Test
        void neverRaisesMaxSizeAboveTheHardCeiling() {
            Plan plan = new ScalingPlanner(settings(3)).plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", group(2, 7, 7), Map.of());

            assertThat(plan.actions()).first().isInstanceOfSatisfying(UpdateGroupLimits.class,
                    action -> assertThat(action.toMaxSize()).isEqualTo(8));
            assertThat(plan.actions()).last().isInstanceOfSatisfying(SetDesiredCapacity.class,
                    action -> assertThat(action.to()).isEqualTo(8));
            plan.actions().forEach(action -> assertThat(action.boundsViolation()).isEmpty());
        }

        @Test
        void plansNothingAndWarnsAtTheHardCeiling() {
            Plan plan = planner.plan(AlarmRole.SCALE_OUT, "Buddy-CPU-High", group(2, 8, 8), Map.of());

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.warnings()).singleElement().asString().startsWith("critical: ").contains("hard ceiling of 8");
        }
    }

    @Nested
    class ScaleIn {

        @Test
        void lowersDesiredCapacityByOne() {
            Plan plan = planner.plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 4, 4), Map.of());

            assertThat(plan.actions()).containsExactly(new SetDesiredCapacity(GROUP, 4, 3, 2, 4,
                    "Buddy-CPU-Low is in ALARM: scale in by 1"));
        }

        @Test
        void lowersByOneEvenWhenTheStepIsLarger() {
            Plan plan = new ScalingPlanner(settings(3)).plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 4, 4), Map.of());

            assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(SetDesiredCapacity.class,
                    action -> assertThat(action.to()).isEqualTo(3));
        }

        @Test
        void neverLowersDesiredCapacityBelowMinSize() {
            Plan plan = planner.plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 2, 4), Map.of());

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.notes()).singleElement().asString().contains("already at MinSize 2");
        }

        @Test
        void restoresTheBaselineMaxSizeOnceDesiredIsBackWithinIt() {
            Plan plan = planner.plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 5, 5), Map.of());

            assertThat(plan.actions()).containsExactly(
                    new SetDesiredCapacity(GROUP, 5, 4, 2, 5, "Buddy-CPU-Low is in ALARM: scale in by 1"),
                    new UpdateGroupLimits(GROUP, 5, 4, 8, 4,
                            "desired capacity is back within the baseline: restore MaxSize 4"));
        }

        @Test
        void keepsTheRaisedMaxSizeWhileDesiredIsStillAboveTheBaseline() {
            Plan plan = planner.plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 6, 6), Map.of());

            assertThat(plan.actions()).singleElement().isInstanceOf(SetDesiredCapacity.class);
        }

        @Test
        void restoresTheBaselineEvenWhenDesiredIsAlreadyAtMinSize() {
            Plan plan = planner.plan(AlarmRole.SCALE_IN, "Buddy-CPU-Low", group(2, 2, 6), Map.of());

            assertThat(plan.actions()).containsExactly(new UpdateGroupLimits(GROUP, 6, 4, 8, 2,
                    "desired capacity is back within the baseline: restore MaxSize 4"));
        }
    }

    @Nested
    class UnhealthyHosts {

        @Test
        void marksInstancesTheLoadBalancerFindsUnhealthyButTheGroupStillCountsHealthy() {
            GroupState group = new GroupState(GROUP, 2, 4, 2, List.of(
                    member("i-a", "InService", "Healthy"), member("i-b", "InService", "Healthy")));

            Plan plan = planner.plan(AlarmRole.UNHEALTHY_HOSTS, "Buddy-Unhealthy-Hosts", group,
                    Map.of("i-a", "healthy", "i-b", "unhealthy"));

            assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(SetInstanceHealth.class,
                    action -> assertThat(action.instanceId()).isEqualTo("i-b"));
        }

        @Test
        void neverMarksMoreThanHalfOfTheInServiceInstancesAtOnce() {
            GroupState group = new GroupState(GROUP, 2, 4, 4, List.of(
                    member("i-a", "InService", "Healthy"), member("i-b", "InService", "Healthy"),
                    member("i-c", "InService", "Healthy"), member("i-d", "InService", "Healthy")));

            Plan plan = planner.plan(AlarmRole.UNHEALTHY_HOSTS, "Buddy-Unhealthy-Hosts", group,
                    Map.of("i-a", "unhealthy", "i-b", "unhealthy", "i-c", "unhealthy", "i-d", "healthy"));

            assertThat(plan.actions()).extracting(action -> ((SetInstanceHealth) action).instanceId())
                    .containsExactly("i-a", "i-b");
            assertThat(plan.notes()).singleElement().asString().contains("left i-c for later");
        }

        @Test
        void countsInstancesAlreadyMarkedUnhealthyAgainstTheHalf() {
            GroupState group = new GroupState(GROUP, 2, 4, 4, List.of(
                    member("i-a", "InService", "Unhealthy"), member("i-b", "InService", "Healthy"),
                    member("i-c", "InService", "Healthy"), member("i-d", "InService", "Healthy")));

            Plan plan = planner.plan(AlarmRole.UNHEALTHY_HOSTS, "Buddy-Unhealthy-Hosts", group,
                    Map.of("i-b", "unhealthy", "i-c", "unhealthy"));

            assertThat(plan.actions()).extracting(action -> ((SetInstanceHealth) action).instanceId())
                    .containsExactly("i-b");
        }

        @Test
        void warnsInsteadOfTakingOutTheOnlyInServiceInstance() {
            GroupState group = new GroupState(GROUP, 1, 4, 1, List.of(member("i-a", "InService", "Healthy")));

            Plan plan = planner.plan(AlarmRole.UNHEALTHY_HOSTS, "Buddy-Unhealthy-Hosts", group, Map.of("i-a", "unhealthy"));

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.warnings()).singleElement().asString().contains("more than half");
        }

        @Test
        void leavesInstancesThatAreNotInServiceOrStillRegisteringAlone() {
            GroupState group = new GroupState(GROUP, 2, 4, 4, List.of(
                    member("i-a", "Pending", "Healthy"), member("i-b", "InService", "Healthy"),
                    member("i-c", "InService", "Healthy"), member("i-d", "Terminating", "Healthy")));

            Plan plan = planner.plan(AlarmRole.UNHEALTHY_HOSTS, "Buddy-Unhealthy-Hosts", group,
                    Map.of("i-a", "unhealthy", "i-b", "initial", "i-c", "healthy", "i-d", "unhealthy"));

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.notes()).singleElement().asString().startsWith("no action");
        }
    }
}
