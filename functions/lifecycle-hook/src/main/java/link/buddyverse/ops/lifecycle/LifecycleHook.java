package link.buddyverse.ops.lifecycle;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.event.LifecycleAction;
import link.buddyverse.ops.kit.event.RecheckMessage;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.PlanningFunction;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;

/**
 * LifecycleHookFunction's decisions. A lifecycle event starts a chain of rounds for one wait; each round observes,
 * answers or plans the next look (a delayed re-check), never holding an invocation open. The 5-minute sweep adopts
 * waits no chain looks after (EventBridge delivers lifecycle events on a best-effort basis). Which chain looks
 * after a wait is an {@link InstanceWatches} item; that at most one answer is made per wait is the answer's lock,
 * keyed on the token, on top of the kit's claim of each event id.
 */
@Singleton
public class LifecycleHook implements PlanningFunction {

    public static final String NAME = "LifecycleHookFunction";

    /** Each answer lock outlives any wait AWS allows (48 h), so a late duplicate finds it taken. */
    static final Duration ANSWER_LOCK = Duration.ofHours(48);

    private final LifecycleSettings settings;
    private final LifecycleObserver observer;
    private final InstanceWatches watches;
    private final OpsSettings ops;
    private final LifecyclePlanner planner;

    public LifecycleHook(LifecycleSettings settings, LifecycleObserver observer, InstanceWatches watches, OpsSettings ops) {
        this.settings = settings;
        this.observer = observer;
        this.watches = watches;
        this.ops = ops;
        this.planner = new LifecyclePlanner(settings, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return Set.of(LifecycleAction.class, RecheckMessage.class, ScheduledCheck.class);
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (trigger instanceof LifecycleAction action) {
            if (action.transition() == LifecycleAction.Transition.TEST_NOTIFICATION) {
                return Optional.of("autoscaling:TEST_NOTIFICATION of " + action.group() + ": the hook's test message, nothing to answer");
            }
            if (!settings.groupName().equals(action.group())) {
                return Optional.of("group '" + action.group() + "' is not answered by " + NAME + " (it answers " + settings.groupName() + ")");
            }
            if (!ourHook(action.hookName())) {
                return Optional.of("hook '" + action.hookName() + "' of " + action.group() + " is not answered by " + NAME
                        + " (it answers " + settings.launchHookName() + " and " + settings.terminateHookName() + ")");
            }
        }
        if (trigger instanceof RecheckMessage recheck) {
            if (!NAME.equals(recheck.function())) {
                return Optional.of("a re-check of " + recheck.function() + ", not of " + NAME);
            }
            try {
                HookWait wait = HookWait.of(recheck);
                if (!settings.groupName().equals(wait.group()) || !ourHook(wait.hookName())) {
                    return Optional.of("a re-check of hook " + wait.hookName() + " of " + wait.group() + ", which " + NAME + " does not answer");
                }
            } catch (HookWait.Unreadable e) {
                return Optional.of("malformed re-check: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    public Plan plan(Trigger trigger, Instant now) {
        // Java 17: no patterns in switch yet.
        if (trigger instanceof LifecycleAction action) {
            return round(HookWait.of(action), now);
        }
        if (trigger instanceof RecheckMessage recheck) {
            return round(HookWait.of(recheck), now);
        }
        return sweep((ScheduledCheck) trigger, now);
    }

    /** One round of one wait that an event or a re-check brought. */
    private Plan round(HookWait wait, Instant now) {
        Optional<String> state = observer.lifecycleState(wait.group(), wait.instanceId());
        if (state.isEmpty() || !state.get().equals(wait.transition().waitState())) {
            return Plan.nothing("no action: " + wait.instanceId() + " is " + state.orElse("no longer in " + wait.group())
                    + ", not " + wait.transition().waitState() + ": its wait at " + wait.hookName() + " is over");
        }
        Optional<InstanceWatches.Watch> watch = watches.read(wait.instanceId(), wait.hookName());
        if (watch.isPresent() && watch.get().livesAt(now) && !watch.get().origin().equals(wait.origin())) {
            return Plan.nothing("no action: " + wait.instanceId() + "'s wait at " + wait.hookName() + " is looked after by "
                    + watch.get().origin() + " until " + watch.get().watchedUntil());
        }
        return decide(wait, watch, now).map(this::toPlan).orElseGet(() -> Plan.nothing("no action: another invocation took "
                + wait.instanceId() + "'s wait at " + wait.hookName() + " a moment ago"));
    }

    /** The sweep: every wait in the group that no chain looks after gets a round of its own, in one plan. */
    private Plan sweep(ScheduledCheck tick, Instant now) {
        List<LifecyclePlanner.Decision> decisions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Observed.Waiting waiting : observer.waiting(settings.groupName())) {
            HookWait.Transition transition = waiting.lifecycleState().startsWith("Pending")
                    ? HookWait.Transition.LAUNCH : HookWait.Transition.TERMINATE;
            String hookName = transition == HookWait.Transition.LAUNCH ? settings.launchHookName() : settings.terminateHookName();
            Optional<InstanceWatches.Watch> watch = watches.read(waiting.instanceId(), hookName);
            if (watch.isPresent() && watch.get().livesAt(now)) {
                notes.add(waiting.instanceId() + " (" + waiting.lifecycleState() + ") is looked after by " + watch.get().origin());
                continue;
            }
            HookWait wait = HookWait.adopted(tick.eventId() + "/" + waiting.instanceId(), settings.groupName(),
                    waiting.instanceId(), hookName, transition, watch.orElse(null), now);
            notes.add(waiting.instanceId() + " (" + waiting.lifecycleState() + ") had nobody looking after it: "
                    + (watch.isEmpty() ? "its lifecycle event never arrived" : "its chain " + watch.get().origin() + " went quiet"));
            decide(wait, watch, now).ifPresent(decisions::add);
        }
        if (decisions.isEmpty()) {
            notes.add(0, "no action: no wait in " + settings.groupName() + " needs the sweep");
            return new Plan(List.of(), Duration.ZERO, List.of(), notes);
        }
        List<Action> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        decisions.forEach(d -> {
            actions.addAll(d.actions());
            warnings.addAll(d.warnings());
            notes.addAll(d.notes());
        });
        return new Plan(actions, ANSWER_LOCK, warnings, notes);
    }

    /** Observes what the wait's transition needs, plans, and takes the wait for this chain (not in dry-run). */
    private Optional<LifecyclePlanner.Decision> decide(HookWait wait, Optional<InstanceWatches.Watch> watch, Instant now) {
        Optional<Observed.Hook> hook = observer.hook(wait.group(), wait.hookName());
        if (hook.isEmpty()) {
            return Optional.of(new LifecyclePlanner.Decision(List.of(), List.of("hook '" + wait.hookName() + "' does not exist on "
                    + wait.group() + ": nothing to answer; check LIFECYCLE_*_HOOK_NAME"), List.of("no action: no such hook"), now));
        }
        Optional<Observed.TargetGroup> target = observer.targetGroup(settings.targetGroupName());
        LifecyclePlanner.Decision decision;
        if (wait.transition() == HookWait.Transition.LAUNCH) {
            if (target.isEmpty()) {
                return Optional.of(new LifecyclePlanner.Decision(List.of(), List.of("target group '" + settings.targetGroupName()
                        + "' does not exist: no health-check path to ask; check LIFECYCLE_TARGET_GROUP_NAME"),
                        List.of("no action: the target group does not exist"), now));
            }
            decision = planner.launch(wait, hook.get(), target.get(), observer.command(wait.command(), wait.instanceId()), now);
        } else {
            String targetState = target.map(t -> observer.targetState(t.arn(), wait.instanceId())).orElse("unused");
            Observed.Command flush = "flush".equals(wait.phase()) ? observer.command(wait.command(), wait.instanceId())
                    : Observed.Command.NONE;
            decision = planner.terminate(wait, hook.get(), target.orElse(null), targetState, flush, now);
        }
        // Dry-run claims nothing: it reports what a round would do and leaves the wait to the real function.
        if (!ops.dryRun() && !watches.take(wait, watch, decision.watchedUntil(), now)) {
            return Optional.empty();
        }
        return Optional.of(decision);
    }

    private Plan toPlan(LifecyclePlanner.Decision decision) {
        return new Plan(decision.actions(), decision.actions().isEmpty() ? Duration.ZERO : ANSWER_LOCK, decision.warnings(),
                decision.notes());
    }

    private boolean ourHook(String hookName) {
        return settings.launchHookName().equals(hookName) || settings.terminateHookName().equals(hookName);
    }

    /** Priming: a launch round whose check reported ready, against sample state, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        LifecycleAction action = (LifecycleAction) sample;
        HookWait wait = HookWait.of(action);
        LifecyclePlanner.Decision decision = planner.launch(wait, new Observed.Hook(action.hookName(), 300, "CONTINUE"),
                new Observed.TargetGroup("arn:priming", "/health.html", "80", "200", 60),
                new Observed.Command(Observed.Command.State.SUCCESS, "Success", 0, "READY"), action.time());
        Plan plan = toPlan(decision);
        return new OpsResult(NAME, "dry-run", TriggerView.of(action), plan.actions().stream().map(PlannedAction::of).toList(),
                List.of(), plan.warnings(), plan.notes(), null);
    }
}
