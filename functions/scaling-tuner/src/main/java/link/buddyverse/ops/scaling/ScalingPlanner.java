package link.buddyverse.ops.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.scaling.action.SetDesiredCapacity;
import link.buddyverse.ops.scaling.action.SetInstanceHealth;
import link.buddyverse.ops.scaling.action.UpdateGroupLimits;

/**
 * Pure decisions: (alarm role, observed group, target health, settings) -> plan. No AWS, no clock, so every
 * rule is tested at its bounds without a network.
 */
public class ScalingPlanner {

    private final ScalingSettings settings;

    public ScalingPlanner(ScalingSettings settings) {
        this.settings = settings;
    }

    public Plan plan(AlarmRole role, String alarmName, GroupState group, Map<String, String> targetHealth) {
        return switch (role) {
            case SCALE_OUT -> scaleOut(alarmName, group);
            case SCALE_IN -> scaleIn(alarmName, group);
            case UNHEALTHY_HOSTS -> replaceUnhealthy(alarmName, group, targetHealth);
        };
    }

    private Plan scaleOut(String alarm, GroupState group) {
        int desired = group.desiredCapacity();
        int max = group.maxSize();
        int onTheWay = group.capacityOnTheWay();
        if (onTheWay > 0) {
            // The last scale-out has not landed yet: adding more for the same demand overshoots toward the ceiling.
            List<String> launching = group.launchingInstances();
            return new Plan(List.of(), cooldown(), List.of(), List.of("no action: " + onTheWay + " instance(s) of "
                    + group.name() + " still on the way (" + (launching.isEmpty() ? "desired " + desired + ", not all launched yet"
                    : String.join(", ", launching)) + "); " + alarm + " gets no further scale-out or MaxSize raise until they serve"));
        }
        if (desired < max) {
            int to = Math.min(desired + settings.step(), max);
            return plan(List.of(new SetDesiredCapacity(group.name(), desired, to, group.minSize(), max,
                    alarm + " is in ALARM: scale out by " + (to - desired))), List.of(), List.of());
        }
        int ceiling = settings.maxSizeCeiling();
        if (max >= ceiling) {
            // "critical:": the notifier opens or raises an incident for it instead of leaving it in the logs.
            return new Plan(List.of(), cooldown(), List.of("critical: " + group.name() + " is at its hard ceiling of " + ceiling
                    + " instances and " + alarm + " is still in ALARM: cannot scale out further; a human must look"),
                    List.of("no action: the group is at the hard ceiling " + ceiling));
        }
        int newMax = Math.min(max + settings.step(), ceiling);
        int to = Math.min(desired + settings.step(), newMax);
        String warning = group.name() + " is pinned at MaxSize " + max + " and " + alarm + " is in ALARM: raising MaxSize to "
                + newMax + " (hard ceiling " + ceiling + "); scale-in restores it to " + settings.baselineMaxSize();
        return plan(List.of(
                new UpdateGroupLimits(group.name(), max, newMax, ceiling, desired,
                        alarm + " is in ALARM with the group pinned at MaxSize " + max),
                new SetDesiredCapacity(group.name(), desired, to, group.minSize(), newMax,
                        alarm + " is in ALARM: scale out by " + (to - desired) + " above the former maximum")),
                List.of(warning), List.of());
    }

    private Plan scaleIn(String alarm, GroupState group) {
        int desired = group.desiredCapacity();
        int baseline = settings.baselineMaxSize();
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int newDesired = desired;
        if (desired > group.minSize()) {
            newDesired = desired - 1;
            actions.add(new SetDesiredCapacity(group.name(), desired, newDesired, group.minSize(), group.maxSize(),
                    alarm + " is in ALARM: scale in by 1"));
        } else {
            notes.add("desired capacity " + desired + " is already at MinSize " + group.minSize());
        }
        List<String> warnings = new ArrayList<>();
        if (group.maxSize() > baseline && newDesired <= baseline) {
            if (group.maxSizesSetByTuner().contains(group.maxSize())) {
                // Lowered after desired, so MaxSize never drops below the capacity the group has at that moment.
                actions.add(new UpdateGroupLimits(group.name(), group.maxSize(), baseline, settings.maxSizeCeiling(),
                        newDesired, "desired capacity is back within the baseline: restore MaxSize " + baseline));
            } else {
                warnings.add("hands off: " + group.name() + "'s MaxSize " + group.maxSize() + " was not set by "
                        + ScalingTuner.NAME + " (" + (group.maxSizesSetByTuner().isEmpty() ? "it raised none since the baseline"
                        : "it set " + group.maxSizesSetByTuner()) + "): someone changed it, so it stays; the baseline "
                        + baseline + " is not restored");
            }
        }
        if (actions.isEmpty()) {
            List<String> allNotes = new ArrayList<>(notes);
            allNotes.addAll(warnings);
            return new Plan(List.of(), cooldown(), warnings, List.of("no action: " + allNotes.get(0)));
        }
        return plan(actions, warnings, notes);
    }

    private Plan replaceUnhealthy(String alarm, GroupState group, Map<String, String> targetHealth) {
        List<GroupState.Member> inService = group.instances().stream().filter(GroupState.Member::inService).toList();
        long alreadyCondemned = inService.stream().filter(m -> !m.healthyToTheGroup()).count();
        // Never more than half of the in-service instances at once, counting those already on their way out.
        long budget = inService.size() / 2 - alreadyCondemned;
        List<GroupState.Member> candidates = inService.stream()
                .filter(GroupState.Member::healthyToTheGroup)
                .filter(m -> "unhealthy".equals(targetHealth.get(m.instanceId())))
                .sorted(Comparator.comparing(GroupState.Member::instanceId))
                .toList();
        if (candidates.isEmpty()) {
            return new Plan(List.of(), cooldown(), List.of(), List.of(
                    "no action: no in-service instance is unhealthy to the load balancer while healthy to the group"));
        }
        List<Action> actions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (GroupState.Member member : candidates) {
            if (actions.size() < budget) {
                actions.add(new SetInstanceHealth(group.name(), member.instanceId(), alarm + " is in ALARM: "
                        + member.instanceId() + " fails the target group's health checks; the group will replace it"));
            } else {
                notes.add("left " + member.instanceId() + " for later: never more than half of the " + inService.size()
                        + " in-service instances at once");
            }
        }
        if (actions.isEmpty()) {
            return new Plan(List.of(), cooldown(), List.of(candidates.size() + " unhealthy instance(s) in " + group.name()
                    + " but replacing any would take more than half of the " + inService.size()
                    + " in-service instances out at once"), notes);
        }
        return plan(actions, List.of(), notes);
    }

    private Plan plan(List<Action> actions, List<String> warnings, List<String> notes) {
        return new Plan(actions, cooldown(), warnings, notes);
    }

    private Duration cooldown() {
        return Duration.ofSeconds(settings.cooldownSeconds());
    }
}
