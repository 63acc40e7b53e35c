package link.buddyverse.ops.kit.handler;

import java.time.Instant;
import java.util.ArrayList;
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
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed event being handled: the moment, the remaining time, and {@link #carryOut} for a plan. Made by
 * the {@link EventSkeleton}; a function's {@code work} receives it.
 */
public final class Work {

    private static final Logger LOG = LoggerFactory.getLogger(Work.class);

    private final String function;
    private final Trigger trigger;
    private final Instant now;
    private final String requestId;
    private final boolean dryRun;
    private final Set<Integer> appliedEarlier;
    private final boolean resumed;
    private final CurrentInvocation invocation;
    private final Applier applier;
    private final ActionExecutors executors;
    private final IdempotencyStore idempotency;
    private final Optional<OpsEventTeller> teller;
    private String retryableFailure;

    Work(String function, Trigger trigger, Instant now, String requestId, boolean dryRun, Set<Integer> appliedEarlier,
         boolean resumed, CurrentInvocation invocation, Applier applier, ActionExecutors executors,
         IdempotencyStore idempotency, Optional<OpsEventTeller> teller) {
        this.function = function;
        this.trigger = trigger;
        this.now = now;
        this.requestId = requestId;
        this.dryRun = dryRun;
        this.appliedEarlier = appliedEarlier;
        this.resumed = resumed;
        this.invocation = invocation;
        this.applier = applier;
        this.executors = executors;
        this.idempotency = idempotency;
        this.teller = teller;
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

    /** Milliseconds before Lambda's timeout (25 s off Lambda). */
    public long remainingMillis() {
        return invocation.context().map(c -> (long) c.getRemainingTimeInMillis()).orElse(25_000L);
    }

    /**
     * Records the plan on the event (before the first change), applies it within guard rails, noting each
     * action applied, tells an Ops Action event per outcome of this attempt, and reports.
     */
    public OpsResult carryOut(Plan plan) {
        plan.warnings().forEach(warning -> LOG.warn("{}", warning));
        OpsEventTeller tell = teller.orElseThrow(() -> new IllegalStateException(function + " applies plans but declares"
                + " no OpsEventTeller: add OpsEventTeller.on(...) to its clients factory"));
        if (!dryRun && !plan.isEmpty() && !resumed) {
            idempotency.recordPlan(function, trigger.eventId(), requestId, executors.encode(plan));
        }
        Applier.Progress progress = dryRun ? Applier.Progress.NONE : new Applier.Progress() {
            @Override
            public boolean alreadyApplied(int index) {
                return appliedEarlier.contains(index);
            }

            @Override
            public void applied(int index) {
                idempotency.recordApplied(function, trigger.eventId(), index);
            }
        };
        List<Outcome> outcomes = applier.apply(plan, trigger.eventId(), now, progress);
        List<Outcome> thisAttempt = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (!appliedEarlier.contains(i)) {
                thisAttempt.add(outcomes.get(i));
            }
        }
        TriggerView view = TriggerView.of(trigger);
        if (!thisAttempt.isEmpty()) {
            tell.tell(function, view, thisAttempt, plan.warnings());
        }
        outcomes.stream().filter(o -> o instanceof Outcome.Failed failed && failed.retryable()).findFirst()
                .ifPresent(failed -> retryableFailure = failed.action().type() + " on " + failed.action().target()
                        + " failed and a retry can fix it: " + failed.detail());
        String status = statusOf(plan, outcomes);
        LOG.info("{} event {}: {} with {} action(s){}", trigger.kind(), trigger.eventId(), status, plan.actions().size(),
                resumed ? " (the plan recorded by an earlier attempt)" : "");
        return new OpsResult(function, status, view,
                plan.actions().stream().map(PlannedAction::of).toList(),
                outcomes.stream().map(OutcomeView::of).toList(),
                plan.warnings(), plan.notes(),
                plan.isEmpty() && !plan.notes().isEmpty() ? plan.notes().get(0) : null);
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
        if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Applied)) {
            return "applied";
        }
        if (outcomes.stream().allMatch(o -> o instanceof Outcome.DryRun)) {
            return "dry-run";
        }
        return "skipped";
    }
}
