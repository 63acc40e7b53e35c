package link.buddyverse.ops.kit.handler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.apply.ActionExecutors;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.apply.Outcome;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.state.IdempotencyStore;
import link.buddyverse.ops.kit.tell.CriticalEpisodes;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed event being handled: the moment, the remaining time, and {@link #carryOut} for a plan. Made by
 * the {@link EventSkeleton}; a function's {@code work} receives it.
 */
public final class Work {

    /** Plans made again from fresh state, at most, after the first one was found stale (superseded). */
    static final int MAX_REPLANS = 3;

    /** Makes a plan again from fresh state (the function's own {@code plan}). */
    @FunctionalInterface
    interface Replanner {
        Plan plan(Planning planning);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Work.class);

    private final String function;
    private final Trigger trigger;
    private final Instant now;
    private final String owner;
    private final boolean dryRun;
    private final Set<Integer> appliedEarlier;
    private final Set<Integer> attemptedEarlier;
    private final boolean resumed;
    private final int attempt;
    private final CurrentInvocation invocation;
    private final Applier applier;
    private final ActionExecutors executors;
    private final IdempotencyStore idempotency;
    private final Optional<OpsEventTeller> teller;
    private final Replanner replanner;
    private final Clock clock;
    private final CriticalEpisodes criticalEpisodes;
    private final List<String> resources;
    private String retryableFailure;

    Work(String function, Trigger trigger, Instant now, String owner, boolean dryRun, IdempotencyStore.RecordedPlan earlier,
         int attempt, CurrentInvocation invocation, Applier applier, ActionExecutors executors,
         IdempotencyStore idempotency, Optional<OpsEventTeller> teller, Replanner replanner, Clock clock,
         CriticalEpisodes criticalEpisodes, List<String> resources) {
        this.function = function;
        this.trigger = trigger;
        this.now = now;
        this.owner = owner;
        this.dryRun = dryRun;
        this.appliedEarlier = earlier == null ? Set.of() : earlier.applied();
        this.attemptedEarlier = earlier == null ? Set.of() : earlier.attempted();
        this.resumed = earlier != null;
        this.attempt = attempt;
        this.invocation = invocation;
        this.applier = applier;
        this.executors = executors;
        this.idempotency = idempotency;
        this.teller = teller;
        this.replanner = replanner;
        this.clock = clock;
        this.criticalEpisodes = criticalEpisodes;
        this.resources = resources;
    }

    public Instant now() {
        return now;
    }

    public String eventId() {
        return trigger.eventId();
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** What a plan made now knows of this delivery. */
    public Planning planning() {
        return new Planning(now, attempt, 0);
    }

    /** Milliseconds before Lambda's timeout (25 s off Lambda). */
    public long remainingMillis() {
        return invocation.remainingMillis();
    }

    /**
     * Records the plan on the event (before the first change), applies it within guard rails as compare-and-set,
     * noting each action attempted and applied; a plan found stale (another event or a person moved the resource) is
     * made again from fresh state, at most {@link #MAX_REPLANS} times, or ends {@code superseded}. Tells an Ops Action
     * event per outcome of this attempt, and reports.
     */
    public OpsResult carryOut(Plan plan) {
        plan.warnings().forEach(warning -> LOG.warn("{}", warning));
        OpsEventTeller tell = teller.orElseThrow(() -> new IllegalStateException(function + " applies plans but declares"
                + " no OpsEventTeller: add OpsEventTeller.on(...) to its clients factory"));
        TriggerView view = TriggerView.of(trigger);
        Set<Integer> applied = new HashSet<>(appliedEarlier);
        Set<Integer> attempted = new HashSet<>(attemptedEarlier);
        boolean recorded = resumed;
        List<String> replanNotes = new ArrayList<>();
        List<Outcome> outcomes;
        for (int round = 0; ; round++) {
            if (!dryRun && !plan.isEmpty() && !recorded) {
                idempotency.recordPlan(function, trigger.eventId(), owner, executors.encode(plan));
            }
            Set<Integer> earlier = Set.copyOf(applied);
            // The moment of the change, not of the event's arrival: after a wait for another event's lease, the cooldown
            // that event started may be over (with a cooldown of 0 it always is).
            outcomes = applier.apply(plan, trigger.eventId(), clock.instant(), progress(applied, attempted));
            List<Outcome> thisAttempt = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (!earlier.contains(i)) {
                    thisAttempt.add(outcomes.get(i));
                }
            }
            Optional<Outcome.Superseded> stale = outcomes.stream().filter(o -> o instanceof Outcome.Superseded s && s.replannable())
                    .map(Outcome.Superseded.class::cast).findFirst();
            boolean planAgain = stale.isPresent() && replanner != null && !dryRun && round < MAX_REPLANS;
            List<Outcome> toTell = planAgain ? thisAttempt.stream().filter(o -> !(o instanceof Outcome.Superseded)).toList()
                    : thisAttempt;
            if (!toTell.isEmpty()) {
                tell.tell(function, view, toTell, plan.warnings());
            }
            if (!planAgain) {
                break;
            }
            String why = "plan " + (round + 1) + " superseded (" + stale.get().detail() + "): planned again from fresh state";
            LOG.info("event {}: {}", trigger.eventId(), why);
            replanNotes.add(why);
            plan = replanner.plan(new Planning(clock.instant(), attempt, round + 1));
            plan.warnings().forEach(warning -> LOG.warn("{}", warning));
            applied.clear();
            attempted.clear();
            recorded = false;
        }
        tellCriticalEpisode(tell, view, plan);
        outcomes.stream().filter(o -> o instanceof Outcome.Failed failed && failed.retryable()).findFirst()
                .ifPresent(failed -> retryableFailure = failed.action().type() + " on " + failed.action().target()
                        + " failed and a retry can fix it: " + failed.detail());
        String status = statusOf(plan, outcomes);
        LOG.info("{} event {}: {} with {} action(s){}", trigger.kind(), trigger.eventId(), status, plan.actions().size(),
                resumed ? " (the plan recorded by an earlier attempt)" : "");
        List<String> notes = new ArrayList<>(replanNotes);
        notes.addAll(plan.notes());
        String reason = plan.isEmpty() && !plan.notes().isEmpty() ? plan.notes().get(0)
                : outcomes.stream().filter(o -> o instanceof Outcome.Superseded).map(Outcome::detail).findFirst().orElse(null);
        return new OpsResult(function, status, view,
                plan.actions().stream().map(PlannedAction::of).toList(),
                outcomes.stream().map(OutcomeView::of).toList(),
                plan.warnings(), notes, reason);
    }

    /**
     * A plan's {@code critical:} warning must reach a human. A plan that acts carries it on its outcomes' Ops Actions;
     * one that can do nothing (the group at its hard ceiling) is told on its own when its episode begins, not on
     * every re-check. Remembering fails open: better told twice than never.
     */
    private void tellCriticalEpisode(OpsEventTeller tell, TriggerView view, Plan plan) {
        if (dryRun || criticalEpisodes == null || OpsEventTeller.critical(plan.warnings()).isEmpty()) {
            return;
        }
        String resource = !resources.isEmpty() ? resources.get(0) : view.alarm() != null ? view.alarm()
                : view.subject() != null ? view.subject() : function;
        boolean begins;
        try {
            begins = criticalEpisodes.begins(function, resource, trigger.eventId(), now);
        } catch (RuntimeException e) {
            LOG.warn("could not note the critical episode of {} ({}); telling it", resource, e.toString());
            begins = true;
        }
        if (plan.isEmpty() && begins) {
            tell.tellCritical(function, view, resource, plan.warnings());
        }
    }

    private Applier.Progress progress(Set<Integer> applied, Set<Integer> attempted) {
        if (dryRun) {
            return Applier.Progress.NONE;
        }
        return new Applier.Progress() {
            @Override
            public boolean alreadyApplied(int index) {
                return applied.contains(index);
            }

            @Override
            public boolean mayHaveBeenApplied(int index) {
                return attempted.contains(index) && !applied.contains(index);
            }

            @Override
            public void attempting(int index) {
                idempotency.recordAttempted(function, trigger.eventId(), owner, index);
            }

            @Override
            public void applied(int index) {
                idempotency.recordApplied(function, trigger.eventId(), owner, index);
                applied.add(index);
            }

            @Override
            public void notApplied(int index) {
                idempotency.withdrawAttempted(function, trigger.eventId(), owner, index);
                attempted.remove(index);
            }
        };
    }

    /** Why the event must be retried, when an action failed for a reason a retry can fix. */
    String retryableFailure() {
        return retryableFailure;
    }

    private static String statusOf(Plan plan, List<Outcome> outcomes) {
        if (plan.isEmpty()) {
            return "no-action";
        }
        if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Failed)) {
            return "failed";
        }
        if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Superseded)) {
            return "superseded";
        }
        if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Applied)) {
            return "applied";
        }
        if (outcomes.stream().allMatch(o -> o instanceof Outcome.DryRun)) {
            return "dry-run";
        }
        return "skipped";
    }
}
