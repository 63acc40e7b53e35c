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
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The only place that mutates AWS. For each resource a plan touches, in order: refuse the whole set if any
 * action breaks its bounds (never a partial change), report instead of acting in dry-run, take the resource's
 * cooldown lock (a held lock skips the set), then run each action through its executor and stop at the first
 * failure. An executor's {@link Declined} (AWS's "not yet", or nothing left to do: a lifecycle action already
 * finished) is a skip with its reason, not a failure. A lock under which nothing changed is given back so a retry
 * may act. Actions an earlier attempt of the same event already applied ({@link Progress}) are reported, not run
 * again.
 */
@Singleton
public class Applier {

    /** How far earlier attempts of this event got, and where to note each action applied now. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public boolean alreadyApplied(int index) {
                return false;
            }

            @Override
            public void applied(int index) {
            }
        };

        boolean alreadyApplied(int index);

        void applied(int index);
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
            indices.forEach(i -> outcomes[i] = new Outcome.Applied(plan.actions().get(i), "applied by an earlier attempt of this event"));
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
        boolean changedSomething = false;
        boolean failed = false;
        for (int index : indices) {
            Action action = plan.actions().get(index);
            if (failed) {
                outcomes[index] = new Outcome.Skipped(action, "not attempted: an earlier action on " + resource + " failed");
                continue;
            }
            if (progress.alreadyApplied(index)) {
                outcomes[index] = new Outcome.Applied(action, "applied by an earlier attempt of this event");
                changedSomething = true;
                continue;
            }
            Outcome outcome = execute(action);
            if (outcome instanceof Outcome.Applied) {
                changedSomething = true;
                progress.applied(index);
            }
            failed = outcome instanceof Outcome.Failed;
            outcomes[index] = outcome;
        }
        if (!changedSomething) {
            locks.release(resource, eventId);
        }
    }

    private Outcome execute(Action action) {
        try {
            String report = executors.execute(action);
            LOG.info("applied {} on {}: {} -> {} ({})", action.type(), action.target(), action.before(), action.after(),
                    action.reason());
            return new Outcome.Applied(action, report == null ? "" : report);
        } catch (Declined declined) {
            LOG.info("{} on {} declined: {}", action.type(), action.target(), declined.reason());
            return new Outcome.Skipped(action, declined.reason());
        } catch (SdkException e) {
            boolean retryable = AwsFailures.retryable(e);
            LOG.error("{} on {} failed ({}): {}", action.type(), action.target(), retryable ? "retryable" : "permanent",
                    e.getMessage());
            return new Outcome.Failed(action, e.getClass().getSimpleName() + ": " + e.getMessage(), retryable);
        }
    }
}
