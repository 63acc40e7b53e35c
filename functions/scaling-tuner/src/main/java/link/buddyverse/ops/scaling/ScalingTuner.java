package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import link.buddyverse.ops.kit.handler.Planning;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.event.AlarmState;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.PlanningFunction;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import java.util.Set;
import link.buddyverse.ops.kit.plan.Plan;

/**
 * ScalingTunerFunction's decisions: which alarm means what, what to observe, and the planner's verdict.
 * A schedule tick re-checks the managed alarms still in ALARM (EventBridge reports changes only), acting on
 * the most urgent one: a group pinned at its maximum keeps being tuned.
 */
@Singleton
public class ScalingTuner implements PlanningFunction {

    public static final String NAME = "ScalingTunerFunction";

    private final ScalingSettings settings;
    private final ManagedAlarms alarms;
    private final ScalingObserver observer;
    private final ScalingPlanner planner;

    private final MaxSizeMemory maxSizes;

    public ScalingTuner(ScalingSettings settings, ManagedAlarms alarms, ScalingObserver observer, MaxSizeMemory maxSizes) {
        this.maxSizes = maxSizes;
        this.settings = settings;
        this.alarms = alarms;
        this.observer = observer;
        this.planner = new ScalingPlanner(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return Set.of(AlarmStateChange.class, ScheduledCheck.class);
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (!(trigger instanceof AlarmStateChange alarm)) {
            return Optional.empty();
        }
        Optional<String> notManaged = alarms.notManaged(alarm.alarmName(), NAME);
        if (notManaged.isPresent()) {
            return notManaged;
        }
        if (alarm.state() != AlarmState.ALARM) {
            return Optional.of("alarm '" + alarm.alarmName() + "' is " + alarm.state() + ": only ALARM plans a change");
        }
        return Optional.empty();
    }

    /** Every event of this function changes the one group: its lease covers observe, plan and apply. */
    @Override
    public Set<String> leases(Trigger trigger) {
        return Set.of(settings.groupName());
    }

    @Override
    public Plan plan(Trigger trigger, Instant now) {
        return plan(trigger, new Planning(now, 1, 0));
    }

    /**
     * An ALARM event older than {@code alarmMaxAgeSeconds}, delivered again by a retry, or planned again after a
     * superseded plan may describe an alarm that has cleared since: CloudWatch is asked first (DescribeAlarms), and an
     * alarm no longer in ALARM plans nothing, with the reason.
     */
    @Override
    public Plan plan(Trigger trigger, Planning planning) {
        Instant now = planning.now();
        String alarmName;
        AlarmRole role;
        if (trigger instanceof AlarmStateChange alarm) {
            alarmName = alarm.alarmName();
            role = alarms.roleOf(alarmName).orElseThrow();
            Duration age = alarm.time() == null ? Duration.ZERO : Duration.between(alarm.time(), now);
            boolean old = age.compareTo(Duration.ofSeconds(settings.alarmMaxAgeSeconds())) > 0;
            if (old || planning.redelivered() || planning.round() > 0) {
                // An alarm CloudWatch does not know (another account's, a test's) cannot be checked: the event stands.
                Optional<String> stateNow = observer.alarmState(alarmName);
                String why = old ? "the event is " + age.toSeconds() + " s old" : planning.redelivered()
                        ? "the event was delivered again (attempt " + planning.attempt() + ")" : "the plan is made again";
                if (stateNow.isPresent() && !"ALARM".equals(stateNow.get())) {
                    return Plan.nothing("no action: " + alarmName + " is " + stateNow.get() + " now, no longer in ALARM ("
                            + why + "; CloudWatch's current state checked): nothing to act on");
                }
            }
        } else {
            List<String> firing = observer.alarmsInAlarm(alarms.names());
            Optional<String> mostUrgent = firing.stream()
                    .filter(name -> alarms.roleOf(name).isPresent())
                    .min(Comparator.comparing(name -> alarms.roleOf(name).orElseThrow()));
            if (mostUrgent.isEmpty()) {
                return Plan.nothing("no action: no managed alarm is in ALARM");
            }
            alarmName = mostUrgent.get();
            role = alarms.roleOf(alarmName).orElseThrow();
        }
        Optional<GroupState> group = observer.group(settings.groupName());
        if (group.isPresent() && role == AlarmRole.SCALE_IN) {
            group = Optional.of(withMaxSizesSet(group.get()));
        }
        if (group.isEmpty()) {
            return new Plan(List.of(), java.time.Duration.ZERO,
                    List.of("Auto Scaling group '" + settings.groupName() + "' does not exist: check SCALING_GROUP_NAME"),
                    List.of("no action: the group does not exist"));
        }
        Map<String, String> targetHealth = Map.of();
        if (role == AlarmRole.UNHEALTHY_HOSTS) {
            Optional<Map<String, String>> health = observer.targetHealth(settings.targetGroupName());
            if (health.isEmpty()) {
                return new Plan(List.of(), java.time.Duration.ZERO,
                        List.of("target group '" + settings.targetGroupName() + "' does not exist: check SCALING_TARGET_GROUP_NAME"),
                        List.of("no action: the target group does not exist"));
            }
            targetHealth = health.get();
        }
        return planner.plan(role, alarmName, group.get(), targetHealth);
    }

    private GroupState withMaxSizesSet(GroupState group) {
        return new GroupState(group.name(), group.minSize(), group.maxSize(), group.desiredCapacity(), group.instances(),
                maxSizes.raisedTo(group.name()));
    }

    /** Priming: the CPU-high path against a sample group, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        AlarmStateChange alarm = (AlarmStateChange) sample;
        GroupState group = new GroupState("priming-group", 2, 4, 4, List.of(
                new GroupState.Member("i-priming1", "InService", "Healthy"),
                new GroupState.Member("i-priming2", "InService", "Healthy"),
                new GroupState.Member("i-priming3", "InService", "Healthy"),
                new GroupState.Member("i-priming4", "InService", "Healthy")));
        Plan plan = planner.plan(AlarmRole.SCALE_OUT, alarm.alarmName(), group, Map.of());
        return new OpsResult(NAME, "dry-run", TriggerView.of(alarm), plan.actions().stream().map(PlannedAction::of).toList(),
                List.of(), plan.warnings(), plan.notes(), null);
    }
}
