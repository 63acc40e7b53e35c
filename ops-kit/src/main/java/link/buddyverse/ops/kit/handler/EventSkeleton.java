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
import java.util.Set;
import java.util.stream.Collectors;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.apply.ActionExecutors;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.aws.AwsFailures;
import link.buddyverse.ops.kit.event.Delivery;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.MalformedEventException;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.event.UnsupportedEventException;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.state.IdempotencyStore;
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

    private final EventDecoder decoder;
    private final IdempotencyStore idempotency;
    private final Applier applier;
    private final ActionExecutors executors;
    private final Optional<OpsEventTeller> teller;
    private final JsonMapper jsonMapper;
    private final OpsSettings settings;
    private final CurrentInvocation invocation;
    private final Clock clock;

    public EventSkeleton(EventDecoder decoder, IdempotencyStore idempotency, Applier applier,
                         ActionExecutors executors, Optional<OpsEventTeller> teller, JsonMapper jsonMapper, OpsSettings settings,
                         CurrentInvocation invocation, Clock clock) {
        this.decoder = decoder;
        this.idempotency = idempotency;
        this.applier = applier;
        this.executors = executors;
        this.teller = teller;
        this.jsonMapper = jsonMapper;
        this.settings = settings;
        this.invocation = invocation;
        this.clock = clock;
    }

    public OpsResult run(JsonNode input, OpsFunction function) {
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
            return handle(single.trigger(), function);
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
                    results.add(handle(record.trigger(), function));
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

    private OpsResult handle(Trigger trigger, OpsFunction function) {
        if (trigger.eventId().length() > MAX_EVENT_ID_CHARS) {
            String why = "malformed event: its id is " + trigger.eventId().length() + " characters long; AWS event ids"
                    + " are at most 100 and this function keys its records on them (at most " + MAX_EVENT_ID_CHARS + ")";
            LOG.error("rejected: {}", why);
            return OpsResult.withoutPlan(function.name(), "rejected", null, why);
        }
        MDC.put(CORRELATION_ID, trigger.eventId());
        try {
            return accepted(trigger, function);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private OpsResult accepted(Trigger trigger, OpsFunction function) {
        TriggerView view = TriggerView.of(trigger);
        Optional<String> skip = notAccepted(trigger, function).or(() -> function.skipReason(trigger));
        if (skip.isPresent()) {
            LOG.info("skipped {} event {}: {}", trigger.kind(), trigger.eventId(), skip.get());
            return OpsResult.withoutPlan(function.name(), "skipped", view, skip.get());
        }
        Instant now = clock.instant();
        // Dry-run is about plans: a function that changes no AWS resource (the notifier) keeps its discipline.
        if (settings.dryRun() && function instanceof PlanningFunction) {
            return function.work(trigger, work(function, trigger, now, Set.of(), false));
        }
        IdempotencyStore.Claim claim = idempotency.claim(function.name(), trigger.eventId(), invocation.requestId(), now);
        if (claim instanceof IdempotencyStore.Claim.AlreadyDone done) {
            LOG.info("event {} was already handled; returning the stored result", trigger.eventId());
            return decode(done.resultJson()).asDuplicate("event " + trigger.eventId() + " was already handled");
        }
        if (claim instanceof IdempotencyStore.Claim.InProgress busy) {
            LOG.info("event {} is being handled by request {}", trigger.eventId(), busy.requestId());
            return OpsResult.withoutPlan(function.name(), "duplicate", view,
                    "event " + trigger.eventId() + " is being handled by request " + busy.requestId());
        }
        IdempotencyStore.Claim.Claimed claimed = (IdempotencyStore.Claim.Claimed) claim;
        OpsResult result;
        try {
            if (claimed.plan() != null) {
                LOG.info("event {}: attempt {} finishes the plan an earlier attempt recorded ({} of its actions applied)",
                        trigger.eventId(), claimed.attempt(), claimed.plan().applied().size());
                Work work = work(function, trigger, now, claimed.plan().applied(), true);
                result = work.carryOut(executors.decode(claimed.plan().json()));
                failIfRetryable(function, trigger, work);
            } else {
                Work work = work(function, trigger, now, Set.of(), false);
                result = function.work(trigger, work);
                failIfRetryable(function, trigger, work);
            }
        } catch (RetryableFailure e) {
            throw e;
        } catch (RuntimeException e) {
            markFailed(function, trigger, e.toString());
            if (AwsFailures.retryable(e)) {
                throw new RetryableFailure("event " + trigger.eventId() + " will be retried: " + e.getMessage(), e);
            }
            throw e;
        }
        complete(function, trigger, result);
        return result;
    }

    private Optional<String> notAccepted(Trigger trigger, OpsFunction function) {
        if (function.accepts().stream().anyMatch(type -> type.isInstance(trigger))) {
            return Optional.empty();
        }
        return Optional.of(function.name() + " does not take " + trigger.kind() + " events (it takes: "
                + function.accepts().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", ")) + ")");
    }

    private void failIfRetryable(OpsFunction function, Trigger trigger, Work work) {
        if (work.retryableFailure() != null) {
            markFailed(function, trigger, work.retryableFailure());
            throw new RetryableFailure("event " + trigger.eventId() + " will be retried: " + work.retryableFailure());
        }
    }

    /** Best effort: if even this write fails, the claim's lease runs out and the retry takes it over. */
    private void markFailed(OpsFunction function, Trigger trigger, String error) {
        try {
            idempotency.fail(function.name(), trigger.eventId(), error);
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
    private void complete(OpsFunction function, Trigger trigger, OpsResult result) {
        String json = encode(result);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= COMPLETE_ATTEMPTS; attempt++) {
            try {
                idempotency.complete(function.name(), trigger.eventId(), json, clock.instant());
                return;
            } catch (RuntimeException e) {
                last = e;
                if (!AwsFailures.retryable(e)) {
                    break;
                }
                LOG.warn("could not record event {} complete (attempt {}): {}", trigger.eventId(), attempt, e.getMessage());
                pause(attempt);
            }
        }
        markFailed(function, trigger, "completion not recorded: " + last);
        throw new RetryableFailure("event " + trigger.eventId() + " was handled but its completion could not be recorded;"
                + " its retry will find the recorded actions applied and act no further", last);
    }

    private Work work(OpsFunction function, Trigger trigger, Instant now, Set<Integer> appliedEarlier, boolean resumed) {
        return new Work(function.name(), trigger, now, invocation.requestId(), settings.dryRun(), appliedEarlier, resumed,
                invocation, applier, executors, idempotency, teller);
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
