package link.buddyverse.ops.kit.handler;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.apply.ActionExecutors;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.aws.AwsFailures;
import link.buddyverse.ops.kit.event.Delivery;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.MalformedEventException;
import link.buddyverse.ops.kit.event.StackScope;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.event.UnsupportedEventException;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.state.ClaimLost;
import link.buddyverse.ops.kit.state.IdempotencyStore;
import link.buddyverse.ops.kit.state.ResourceLeases;
import link.buddyverse.ops.kit.tell.CriticalEpisodes;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one path every event of every function takes: decode -> accept or skip -> claim the event id -> work
 * -> complete, or fail retryably. An SQS batch goes through it record by record, each with its own claim, and
 * only the records that failed retryably are reported back for redelivery.
 *
 * <p>Bad input never throws (a retry cannot fix it, and a throw would loop through Lambda's retries into the
 * dead-letter queue): it becomes a {@code rejected} or {@code skipped} result. What throws is what a retry can
 * fix: an AWS failure while observing, an action that failed retryably, a completion that could not be
 * recorded. Dry-run claims no event and takes no lock: it plans and reports. ops-kit/README.md, "At most
 * once", says why no delivery of an event acts twice.
 */
@Singleton
public class EventSkeleton {

    static final String CORRELATION_ID = "correlationId";
    /** Longer ids are no AWS event id (EventBridge and SQS ids are at most 100 characters): refused, not hashed. */
    static final int MAX_EVENT_ID_CHARS = 1024;
    private static final int COMPLETE_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(EventSkeleton.class);

    /** Longest wait for another event's lease on a resource before this event is retried instead. */
    static final long LEASE_WAIT_MILLIS = 20_000;

    private final EventDecoder decoder;
    private final IdempotencyStore idempotency;
    private final ResourceLeases leases;
    private final Applier applier;
    private final ActionExecutors executors;
    private final Optional<OpsEventTeller> teller;
    private final CriticalEpisodes criticalEpisodes;
    private final JsonMapper jsonMapper;
    private final OpsSettings settings;
    private final CurrentInvocation invocation;
    private final Clock clock;
    private final StackScope scope;

    public EventSkeleton(EventDecoder decoder, IdempotencyStore idempotency, ResourceLeases leases, Applier applier,
                         ActionExecutors executors, Optional<OpsEventTeller> teller, CriticalEpisodes criticalEpisodes,
                         JsonMapper jsonMapper, OpsSettings settings, CurrentInvocation invocation, Clock clock,
                         StackScope scope) {
        this.scope = scope;
        this.decoder = decoder;
        this.idempotency = idempotency;
        this.leases = leases;
        this.applier = applier;
        this.executors = executors;
        this.teller = teller;
        this.criticalEpisodes = criticalEpisodes;
        this.jsonMapper = jsonMapper;
        this.settings = settings;
        this.invocation = invocation;
        this.clock = clock;
    }

    public OpsResult run(JsonNode input, OpsFunction function) {
        Optional<String> foreign = scope.whyForeign(input);
        if (foreign.isPresent()) {
            LOG.warn("skipped: {}", foreign.get());
            return OpsResult.withoutPlan(function.name(), "skipped", null, foreign.get());
        }
        Delivery delivery;
        try {
            delivery = decoder.decode(input);
        } catch (MalformedEventException e) {
            LOG.error("rejected a malformed event: {}", e.getMessage());
            return OpsResult.withoutPlan(function.name(), "rejected", null, "malformed event: " + e.getMessage());
        } catch (UnsupportedEventException e) {
            LOG.warn("skipped: {}", e.getMessage());
            return OpsResult.withoutPlan(function.name(), "skipped", null, e.getMessage());
        }
        if (delivery instanceof Delivery.Single single) {
            return handle(single.trigger(), function).result();
        }
        return handleBatch(((Delivery.Batch) delivery).records(), function);
    }

    private OpsResult handleBatch(List<Delivery.BatchRecord> records, OpsFunction function) {
        List<OpsResult> results = new ArrayList<>();
        List<String> again = new ArrayList<>();
        for (Delivery.BatchRecord record : records) {
            if (record.rejected() != null) {
                LOG.error("rejected SQS message {}: {}", record.messageId(), record.rejected());
                results.add(OpsResult.withoutPlan(function.name(), "rejected", null, "malformed event: " + record.rejected()));
            } else if (record.skipped() != null) {
                results.add(OpsResult.withoutPlan(function.name(), "skipped", null, record.skipped()));
            } else {
                try {
                    Handled handled = handle(record.trigger(), function);
                    results.add(handled.result());
                    if (handled.heldElsewhere()) {
                        // Acknowledging it would lose the event if the invocation holding it fails: SQS brings it back,
                        // and then it finds the event done (duplicate) or claims it.
                        LOG.info("SQS message {} goes back to the queue: {}", record.messageId(), handled.result().reason());
                        again.add(record.messageId());
                    }
                } catch (RuntimeException e) {
                    // Only this record goes back to the queue; the others are done and must not run again.
                    LOG.error("SQS message {} will be delivered again: {}", record.messageId(), e.toString());
                    again.add(record.messageId());
                    results.add(OpsResult.withoutPlan(function.name(), "failed", TriggerView.of(record.trigger()),
                            "to be delivered again: " + e.getMessage()));
                }
            }
        }
        return OpsResult.batch(function.name(), results, again);
    }

    /** @param heldElsewhere another invocation holds the event: an SQS record goes back to the queue */
    private record Handled(OpsResult result, boolean heldElsewhere) {
        static Handled done(OpsResult result) {
            return new Handled(result, false);
        }
    }

    private Handled handle(Trigger trigger, OpsFunction function) {
        if (trigger.eventId().length() > MAX_EVENT_ID_CHARS) {
            String why = "malformed event: its id is " + trigger.eventId().length() + " characters long; AWS event ids"
                    + " are at most 100 and this function keys its records on them (at most " + MAX_EVENT_ID_CHARS + ")";
            LOG.error("rejected: {}", why);
            return Handled.done(OpsResult.withoutPlan(function.name(), "rejected", null, why));
        }
        MDC.put(CORRELATION_ID, trigger.eventId());
        try {
            return accepted(trigger, function);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private Handled accepted(Trigger trigger, OpsFunction function) {
        TriggerView view = TriggerView.of(trigger);
        Optional<String> skip = notAccepted(trigger, function).or(() -> function.skipReason(trigger));
        if (skip.isPresent()) {
            LOG.info("skipped {} event {}: {}", trigger.kind(), trigger.eventId(), skip.get());
            return Handled.done(OpsResult.withoutPlan(function.name(), "skipped", view, skip.get()));
        }
        Instant now = clock.instant();
        // Dry-run is about plans: a function that changes no AWS resource (the notifier) keeps its discipline.
        if (settings.dryRun() && function instanceof PlanningFunction) {
            return Handled.done(function.work(trigger, work(function, trigger, now, "dry-run", null, 1)));
        }
        // A token of this attempt alone: Lambda's async retries keep the request id, so the id alone cannot fence.
        String owner = invocation.requestId() + "/" + UUID.randomUUID();
        // The claim lasts as long as this invocation can: after Lambda's deadline it can change nothing.
        IdempotencyStore.Claim claim = idempotency.claim(function.name(), trigger.eventId(), owner, now,
                invocation.context().isPresent() ? invocation.deadline(clock) : now.plusSeconds(settings.inProgressSeconds()));
        if (claim instanceof IdempotencyStore.Claim.AlreadyDone done) {
            LOG.info("event {} was already handled; returning the stored result", trigger.eventId());
            return Handled.done(decode(done.resultJson()).asDuplicate("event " + trigger.eventId() + " was already handled"));
        }
        if (claim instanceof IdempotencyStore.Claim.InProgress busy) {
            LOG.info("event {} is being handled by request {}", trigger.eventId(), busy.requestId());
            return new Handled(OpsResult.withoutPlan(function.name(), "duplicate", view,
                    "event " + trigger.eventId() + " is being handled by request " + busy.requestId()), true);
        }
        IdempotencyStore.Claim.Claimed claimed = (IdempotencyStore.Claim.Claimed) claim;
        OpsResult result;
        try {
            result = leased(function, trigger, () -> {
                if (claimed.plan() != null) {
                    LOG.info("event {}: attempt {} finishes the plan an earlier attempt recorded ({} of its actions applied)",
                            trigger.eventId(), claimed.attempt(), claimed.plan().applied().size());
                    Work work = work(function, trigger, now, owner, claimed.plan(), claimed.attempt());
                    OpsResult finished = work.carryOut(executors.decode(claimed.plan().json()));
                    failIfRetryable(function, trigger, owner, work);
                    return finished;
                }
                Work work = work(function, trigger, now, owner, null, claimed.attempt());
                OpsResult done = function.work(trigger, work);
                failIfRetryable(function, trigger, owner, work);
                return done;
            });
        } catch (ClaimLost lost) {
            LOG.warn("event {}: {}", trigger.eventId(), lost.getMessage());
            return new Handled(OpsResult.withoutPlan(function.name(), "duplicate", view, lost.getMessage()), true);
        } catch (RetryableFailure e) {
            // Whatever ends this attempt for a retry gives the claim back (FAILED, plan and marks kept), the wait for
            // another event's lease included: held until this invocation's deadline, it would make a retry that comes
            // sooner (a duplicate delivered meanwhile, a quick retry) answer "duplicate", and the event would be lost.
            markFailed(function, trigger, owner, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            markFailed(function, trigger, owner, e.toString());
            if (AwsFailures.retryable(e)) {
                throw new RetryableFailure("event " + trigger.eventId() + " will be retried: " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            complete(function, trigger, owner, result);
        } catch (ClaimLost lost) {
            LOG.warn("event {}: {}", trigger.eventId(), lost.getMessage());
            return new Handled(OpsResult.withoutPlan(function.name(), "duplicate", view, lost.getMessage()), true);
        }
        return Handled.done(result);
    }

    /**
     * A planning function observes, plans and applies holding the leases of the event's resources (in a fixed order, so
     * two events never wait on each other), so no plan is made from state another event is changing. Another event's
     * lease is waited for, up to {@link #LEASE_WAIT_MILLIS} or half the time left; past that the event is retried.
     */
    private OpsResult leased(OpsFunction function, Trigger trigger, java.util.function.Supplier<OpsResult> work) {
        if (!(function instanceof PlanningFunction planning)) {
            return work.get();
        }
        List<String> resources = planning.leases(trigger).stream().sorted().toList();
        List<String> held = new ArrayList<>();
        try {
            for (String resource : resources) {
                acquire(resource, trigger);
                held.add(resource);
            }
            return work.get();
        } finally {
            for (String resource : held) {
                try {
                    leases.release(resource, trigger.eventId());
                } catch (RuntimeException e) {
                    LOG.warn("could not give back the lease of {} ({}); it ends with this invocation", resource, e.toString());
                }
            }
        }
    }

    private void acquire(String resource, Trigger trigger) {
        long waitUntil = System.nanoTime() + Math.min(LEASE_WAIT_MILLIS, invocation.remainingMillis() / 2) * 1_000_000;
        long pause = 50;
        while (true) {
            Instant now = clock.instant();
            Optional<ResourceLeases.Holder> holder = leases.tryAcquire(resource, trigger.eventId(), now, invocation.deadline(clock));
            if (holder.isEmpty()) {
                return;
            }
            if (System.nanoTime() > waitUntil) {
                throw new RetryableFailure("event " + trigger.eventId() + " will be retried: " + resource
                        + " is being changed by event " + holder.get().eventId() + " (until " + holder.get().until() + ")");
            }
            try {
                Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryableFailure("interrupted while waiting for the lease of " + resource);
            }
            pause = Math.min(400, pause * 2);
        }
    }

    private Optional<String> notAccepted(Trigger trigger, OpsFunction function) {
        if (function.accepts().stream().anyMatch(type -> type.isInstance(trigger))) {
            return Optional.empty();
        }
        return Optional.of(function.name() + " does not take " + trigger.kind() + " events (it takes: "
                + function.accepts().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", ")) + ")");
    }

    /** Ends the attempt for a retry when an action failed for a reason a retry can fix (the claim is marked failed above). */
    private void failIfRetryable(OpsFunction function, Trigger trigger, String owner, Work work) {
        if (work.retryableFailure() != null) {
            throw new RetryableFailure("event " + trigger.eventId() + " will be retried: " + work.retryableFailure());
        }
    }

    /** Best effort: if even this write fails, the claim's lease runs out and the retry takes it over. */
    private void markFailed(OpsFunction function, Trigger trigger, String owner, String error) {
        try {
            idempotency.fail(function.name(), trigger.eventId(), owner, error);
        } catch (ClaimLost lost) {
            LOG.warn("event {}: not marked failed: {}", trigger.eventId(), lost.getMessage());
        } catch (RuntimeException e) {
            LOG.error("could not mark event {} failed ({}); its claim expires after {} s", trigger.eventId(), e.toString(),
                    settings.inProgressSeconds());
        }
    }

    /**
     * The change is made: recording that must not turn into a second change. A few attempts beyond the SDK's
     * own retries; if the table still refuses, the event is retried, and that retry finds every recorded action
     * applied and completes without acting.
     */
    private void complete(OpsFunction function, Trigger trigger, String owner, OpsResult result) {
        String json = encode(result);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= COMPLETE_ATTEMPTS; attempt++) {
            try {
                idempotency.complete(function.name(), trigger.eventId(), owner, json, clock.instant());
                return;
            } catch (ClaimLost lost) {
                throw lost;
            } catch (RuntimeException e) {
                last = e;
                if (!AwsFailures.retryable(e)) {
                    break;
                }
                LOG.warn("could not record event {} complete (attempt {}): {}", trigger.eventId(), attempt, e.getMessage());
                pause(attempt);
            }
        }
        markFailed(function, trigger, owner, "completion not recorded: " + last);
        throw new RetryableFailure("event " + trigger.eventId() + " was handled but its completion could not be recorded;"
                + " its retry will find the recorded actions applied and act no further", last);
    }

    private Work work(OpsFunction function, Trigger trigger, Instant now, String owner, IdempotencyStore.RecordedPlan earlier,
                      int attempt) {
        Work.Replanner replanner = function instanceof PlanningFunction planning ? p -> planning.plan(trigger, p) : null;
        List<String> resources = function instanceof PlanningFunction planning
                ? planning.leases(trigger).stream().sorted().toList() : List.of();
        return new Work(function.name(), trigger, now, owner, settings.dryRun(), earlier, attempt, invocation, applier,
                executors, idempotency, teller, replanner, clock, criticalEpisodes, resources);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String encode(OpsResult result) {
        try {
            return jsonMapper.writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the result", e);
        }
    }

    private OpsResult decode(String json) {
        try {
            return jsonMapper.readValue(json, OpsResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("the stored result of a handled event is not readable", e);
        }
    }
}
