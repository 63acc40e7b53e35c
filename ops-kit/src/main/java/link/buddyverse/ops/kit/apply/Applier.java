package link.buddyverse.ops.kit.apply;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.OpsSettings;
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
 * failure. A lock under which nothing changed is given back so a retry may act.
 */
@Singleton
public class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final Map<Class<?>, ActionExecutor<?>> executors = new HashMap<>();
    private final CooldownLocks locks;
    private final OpsSettings settings;

    public Applier(List<ActionExecutor<?>> executors, CooldownLocks locks, OpsSettings settings) {
        executors.forEach(executor -> this.executors.put(executor.actionType(), executor));
        this.locks = locks;
        this.settings = settings;
    }

    public List<Outcome> apply(Plan plan, String eventId, Instant now) {
        Map<String, List<Action>> byResource = new LinkedHashMap<>();
        plan.actions().forEach(action -> byResource.computeIfAbsent(action.resource(), r -> new ArrayList<>()).add(action));
        List<Outcome> outcomes = new ArrayList<>();
        byResource.forEach((resource, actions) -> outcomes.addAll(applyToResource(resource, actions, plan, eventId, now)));
        return outcomes;
    }

    private List<Outcome> applyToResource(String resource, List<Action> actions, Plan plan, String eventId, Instant now) {
        Optional<String> violation = actions.stream().flatMap(a -> a.boundsViolation().stream()).findFirst();
        if (violation.isPresent()) {
            LOG.warn("refusing {} action(s) on {}: {}", actions.size(), resource, violation.get());
            return skipAll(actions, "out of bounds: " + violation.get());
        }
        if (settings.dryRun()) {
            return actions.stream().<Outcome>map(Outcome.DryRun::new).toList();
        }
        Optional<CooldownLocks.Holder> holder = locks.tryAcquire(resource, eventId, plan.cooldown(), now);
        if (holder.isPresent()) {
            String why = "cooldown: " + resource + " was changed for event " + holder.get().eventId()
                    + "; next change allowed after " + holder.get().until();
            LOG.info("skipping {} action(s): {}", actions.size(), why);
            return skipAll(actions, why);
        }
        List<Outcome> outcomes = new ArrayList<>();
        boolean changedSomething = false;
        boolean failed = false;
        for (Action action : actions) {
            if (failed) {
                outcomes.add(new Outcome.Skipped(action, "not attempted: an earlier action on " + resource + " failed"));
                continue;
            }
            Outcome outcome = execute(action);
            changedSomething |= outcome instanceof Outcome.Applied;
            failed = outcome instanceof Outcome.Failed;
            outcomes.add(outcome);
        }
        if (!changedSomething) {
            locks.release(resource, eventId);
        }
        return outcomes;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome execute(Action action) {
        ActionExecutor executor = executors.get(action.getClass());
        if (executor == null) {
            return new Outcome.Failed(action, "no executor for " + action.type() + " in this function");
        }
        try {
            executor.execute(action);
            LOG.info("applied {} on {}: {} -> {} ({})", action.type(), action.target(), action.before(), action.after(),
                    action.reason());
            return new Outcome.Applied(action);
        } catch (SdkException e) {
            LOG.error("{} on {} failed: {}", action.type(), action.target(), e.getMessage());
            return new Outcome.Failed(action, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static List<Outcome> skipAll(List<Action> actions, String reason) {
        return actions.stream().<Outcome>map(a -> new Outcome.Skipped(a, reason)).toList();
    }
}
