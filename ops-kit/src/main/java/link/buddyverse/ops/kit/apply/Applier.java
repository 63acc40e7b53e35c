package link.buddyverse.ops.kit.apply;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsFailures;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.state.CooldownLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The only place that mutates AWS. For each resource a plan touches, in order: refuse the whole set if any
 * action breaks its bounds (never a partial change), report instead of acting in dry-run, take the resource's
 * cooldown lock (a held lock skips the set), then run each action as a compare-and-set and stop at the first
 * failure or stale action:
 * <ul>
 *   <li>read the resource now through the action's executor ({@link ActionExecutor#current}); still the action's
 *       {@code before}: note the attempt (write-ahead), apply, note it applied; already its {@code after}: note it
 *       applied, change nothing; anything else: {@link Outcome.Superseded}, never applied blind;</li>
 *   <li>a refusal AWS gives for good (a validation error) is read against the resource again: if the resource moved
 *       away from {@code before}, the refusal is the concurrent change's doing and the action is superseded (the
 *       event plans again); only a refusal the current state still produces is {@code failed};</li>
 *   <li>an executor's {@link Declined} (AWS's "not yet", or nothing left to do: a lifecycle action already finished)
 *       is a skip with its reason, not a failure.</li>
 * </ul>
 * A superseded action may be planned again only while nothing of this event can have changed the resource: an
 * attempt whose answer was lost (the mark of the write-ahead without its "applied") might have gone through, so a
 * value that reads neither {@code before} nor {@code after} then, or {@code before} again, ends the event
 * {@code superseded} with both values. A lock under which nothing changed is given back so a retry may act.
 * Actions an earlier attempt of the same event already applied ({@link Progress}) are reported, not run again.
 */
@Singleton
public class Applier {

    /** How far earlier attempts of this event got, and where to note each action attempted and applied now. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public boolean alreadyApplied(int index) {
                return false;
            }

            @Override
            public boolean mayHaveBeenApplied(int index) {
                return false;
            }

            @Override
            public void attempting(int index) {
            }

            @Override
            public void applied(int index) {
            }

            @Override
            public void notApplied(int index) {
            }
        };

        boolean alreadyApplied(int index);

        /** An earlier attempt sent this action and never learnt the answer: it may have gone through. */
        boolean mayHaveBeenApplied(int index);

        /** Noted before the mutating call (write-ahead), so a retry knows the change may have happened. */
        void attempting(int index);

        void applied(int index);

        /** AWS answered that the change did not happen (throttled, refused): the attempt note is withdrawn. */
        void notApplied(int index);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final ActionExecutors executors;
    private final CooldownLocks locks;
    private final OpsSettings settings;

    public Applier(ActionExecutors executors, CooldownLocks locks, OpsSettings settings) {
        this.executors = executors;
        this.locks = locks;
        this.settings = settings;
    }

    public List<Outcome> apply(Plan plan, String eventId, Instant now, Progress progress) {
        Map<String, List<Integer>> byResource = new LinkedHashMap<>();
        for (int i = 0; i < plan.actions().size(); i++) {
            byResource.computeIfAbsent(plan.actions().get(i).resource(), r -> new ArrayList<>()).add(i);
        }
        Outcome[] outcomes = new Outcome[plan.actions().size()];
        byResource.forEach((resource, indices) -> applyToResource(resource, indices, plan, eventId, now, progress, outcomes));
        return List.of(outcomes);
    }

    private void applyToResource(String resource, List<Integer> indices, Plan plan, String eventId, Instant now,
                                 Progress progress, Outcome[] outcomes) {
        List<Action> actions = indices.stream().map(plan.actions()::get).toList();
        Optional<String> violation = actions.stream().flatMap(a -> a.boundsViolation().stream()).findFirst();
        if (violation.isPresent()) {
            LOG.warn("refusing {} action(s) on {}: {}", actions.size(), resource, violation.get());
            indices.forEach(i -> outcomes[i] = new Outcome.Skipped(plan.actions().get(i), "out of bounds: " + violation.get()));
            return;
        }
        if (settings.dryRun()) {
            indices.forEach(i -> outcomes[i] = new Outcome.DryRun(plan.actions().get(i)));
            return;
        }
        if (indices.stream().allMatch(progress::alreadyApplied)) {
            indices.forEach(i -> outcomes[i] = new Outcome.Applied(plan.actions().get(i), Outcome.EARLIER_ATTEMPT));
            return;
        }
        // The same event may retake its own lock: a retry is not blocked by its first attempt.
        Optional<CooldownLocks.Holder> holder = locks.tryAcquire(resource, eventId, plan.cooldown(), now);
        if (holder.isPresent()) {
            String why = "cooldown: " + resource + " was changed for event " + holder.get().eventId()
                    + "; next change allowed after " + holder.get().until();
            LOG.info("skipping {} action(s): {}", actions.size(), why);
            indices.forEach(i -> outcomes[i] = new Outcome.Skipped(plan.actions().get(i), why));
            return;
        }
        // Whether this event may already have changed the resource (any attempt): then a stale plan is not re-planned.
        boolean touched = indices.stream().anyMatch(i -> progress.alreadyApplied(i) || progress.mayHaveBeenApplied(i));
        boolean changedSomething = false;
        String stopped = null;
        for (int index : indices) {
            Action action = plan.actions().get(index);
            if (stopped != null) {
                outcomes[index] = new Outcome.Skipped(action, "not attempted: an earlier action on " + resource + " " + stopped);
                continue;
            }
            if (progress.alreadyApplied(index)) {
                outcomes[index] = new Outcome.Applied(action, Outcome.EARLIER_ATTEMPT);
                changedSomething = true;
                continue;
            }
            Outcome outcome = compareAndSet(action, index, progress, touched);
            if (outcome instanceof Outcome.Applied applied) {
                boolean ours = !applied.detail().startsWith(Outcome.ALREADY_IN_PLACE) || progress.mayHaveBeenApplied(index);
                changedSomething |= ours;
                touched |= ours;
            } else if (outcome instanceof Outcome.Failed) {
                stopped = "failed";
            } else if (outcome instanceof Outcome.Superseded) {
                stopped = "was superseded";
            }
            outcomes[index] = outcome;
        }
        if (!changedSomething) {
            locks.release(resource, eventId);
        }
    }

    private Outcome compareAndSet(Action action, int index, Progress progress, boolean touched) {
        Current current;
        try {
            current = executors.current(action);
        } catch (SdkException e) {
            return failed(action, "reading " + action.target() + " before the change", e);
        }
        boolean unknownEarlier = progress.mayHaveBeenApplied(index);
        if (current instanceof Current.After after) {
            progress.applied(index);
            LOG.info("{} on {} already reads {}: nothing to change", action.type(), action.target(), after.reads());
            return new Outcome.Applied(action, Outcome.ALREADY_IN_PLACE + action.target() + " reads " + after.reads());
        }
        if (current instanceof Current.Other other) {
            return superseded(action, other.reads(), "", !touched && !unknownEarlier);
        }
        if (current instanceof Current.Before && unknownEarlier) {
            // The earlier attempt may have changed it and something else changed it back: applying again would be a
            // second change by this event.
            return superseded(action, action.before(), "an earlier attempt of this event may have applied it (its answer"
                    + " was lost) and the value is back at " + action.before() + " since; ", false);
        }
        progress.attempting(index);
        Outcome outcome;
        try {
            outcome = execute(action);
        } catch (SdkException noAnswer) {
            // No answer (a timeout, a connection cut): the change may have happened; the attempt note stays.
            return failed(action, action.type(), noAnswer);
        }
        if (outcome instanceof Outcome.Applied) {
            progress.applied(index);
            return outcome;
        }
        // AWS answered, and not with success (a throttle, an error, a refusal, a "not now"): nothing changed.
        progress.notApplied(index);
        if (outcome instanceof Outcome.Failed failed && !failed.retryable()) {
            Outcome explained = refusalExplainedByNow(action, failed, touched);
            if (explained instanceof Outcome.Applied) {
                progress.applied(index);
            }
            return explained;
        }
        return outcome;
    }

    /** A refusal for good: does the resource still read what the plan was made from? If not, the plan is stale. */
    private Outcome refusalExplainedByNow(Action action, Outcome.Failed refusal, boolean touched) {
        Current now;
        try {
            now = executors.current(action);
        } catch (SdkException e) {
            return refusal;
        }
        if (now instanceof Current.Other other) {
            return superseded(action, other.reads(), "AWS refused it (" + refusal.detail() + ") and ", !touched);
        }
        if (now instanceof Current.After after) {
            return new Outcome.Applied(action, Outcome.ALREADY_IN_PLACE + action.target() + " reads " + after.reads());
        }
        return refusal;
    }

    private static Outcome superseded(Action action, String reads, String prefix, boolean replannable) {
        String detail = prefix + action.target() + " reads " + reads + ", but the plan was " + action.before() + " -> "
                + action.after() + ": superseded, not applied";
        LOG.info("{} on {}: {}", action.type(), action.target(), detail);
        return new Outcome.Superseded(action, detail, replannable);
    }

    /** Runs the executor; an AWS answer other than success becomes the outcome, a missing answer is thrown. */
    private Outcome execute(Action action) {
        try {
            String report = executors.execute(action);
            LOG.info("applied {} on {}: {} -> {} ({})", action.type(), action.target(), action.before(), action.after(),
                    action.reason());
            return new Outcome.Applied(action, report == null ? "" : report);
        } catch (Declined declined) {
            LOG.info("{} on {} declined: {}", action.type(), action.target(), declined.reason());
            return new Outcome.Skipped(action, declined.reason());
        } catch (AwsServiceException answered) {
            return failed(action, action.type(), answered);
        }
    }

    private static Outcome failed(Action action, String doing, SdkException e) {
        boolean retryable = AwsFailures.retryable(e);
        LOG.error("{} on {} failed ({}): {}", doing, action.target(), retryable ? "retryable" : "permanent", e.getMessage());
        return new Outcome.Failed(action, e.getClass().getSimpleName() + ": " + e.getMessage(), retryable);
    }
}
