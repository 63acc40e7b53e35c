package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.time.Instant;
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

    public ScalingTuner(ScalingSettings settings, ManagedAlarms alarms, ScalingObserver observer) {
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

    @Override
    public Plan plan(Trigger trigger, Instant now) {
        String alarmName;
        AlarmRole role;
        if (trigger instanceof AlarmStateChange alarm) {
            alarmName = alarm.alarmName();
            role = alarms.roleOf(alarmName).orElseThrow();
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

    /** Priming: the CPU-high path against a sample group, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        AlarmStateChange alarm = (AlarmStateChange) sample;
        GroupState group = new GroupState("priming-group", 2, 4, 4, List.of(
                new GroupState.Member("i-priming1", "InService", "Healthy"),
                new GroupState.Member("i-priming2", "InService", "Healthy")));
        Plan plan = planner.plan(AlarmRole.SCALE_OUT, alarm.alarmName(), group, Map.of());
        return new OpsResult(NAME, "dry-run", TriggerView.of(alarm), plan.actions().stream().map(PlannedAction::of).toList(),
                List.of(), plan.warnings(), plan.notes(), null);
    }
}
