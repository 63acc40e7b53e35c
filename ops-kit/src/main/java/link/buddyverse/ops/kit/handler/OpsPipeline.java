package link.buddyverse.ops.kit.handler;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.apply.Outcome;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.MalformedEventException;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.event.UnsupportedEventException;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.state.AlarmStates;
import link.buddyverse.ops.kit.state.IdempotencyStore;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one path every event takes: decode -> skip what is not ours -> claim the event id -> observe and plan
 * -> apply within guard rails -> tell -> remember the result.
 *
 * <p>Bad input never throws (a retry cannot fix it, and a throw would loop through Lambda's retries into the
 * dead-letter queue): it becomes a {@code rejected} or {@code skipped} result. What does throw is an AWS
 * failure before anything changed (observing, the state table), which Lambda retries and finally parks in
 * the dead-letter queue. Dry-run claims no event and takes no lock: it plans and reports.
 */
@Singleton
public class OpsPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(OpsPipeline.class);
    static final String CORRELATION_ID = "correlationId";

    private final EventDecoder decoder;
    private final IdempotencyStore idempotency;
    private final AlarmStates alarmStates;
    private final Applier applier;
    private final OpsEventTeller teller;
    private final JsonMapper jsonMapper;
    private final OpsSettings settings;
    private final CurrentInvocation invocation;
    private final Clock clock;

    public OpsPipeline(EventDecoder decoder, IdempotencyStore idempotency, AlarmStates alarmStates, Applier applier,
                       OpsEventTeller teller, JsonMapper jsonMapper, OpsSettings settings, CurrentInvocation invocation) {
        this.decoder = decoder;
        this.idempotency = idempotency;
        this.alarmStates = alarmStates;
        this.applier = applier;
        this.teller = teller;
        this.jsonMapper = jsonMapper;
        this.settings = settings;
        this.invocation = invocation;
        this.clock = Clock.systemUTC();
    }

    public OpsResult run(JsonNode input, OpsFunction function) {
        Trigger trigger;
        try {
            trigger = decoder.decode(input);
        } catch (MalformedEventException e) {
            LOG.error("rejected a malformed event: {}", e.getMessage());
            return OpsResult.withoutPlan(function.name(), "rejected", null, "malformed event: " + e.getMessage());
        } catch (UnsupportedEventException e) {
            LOG.warn("skipped: {}", e.getMessage());
            return OpsResult.withoutPlan(function.name(), "skipped", null, e.getMessage());
        }
        MDC.put(CORRELATION_ID, trigger.eventId());
        try {
            return handle(trigger, function);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private OpsResult handle(Trigger trigger, OpsFunction function) {
        TriggerView view = TriggerView.of(trigger);
        if (trigger instanceof AlarmStateChange alarm && function.tracksAlarm(alarm.alarmName())) {
            // Our own bookkeeping, not a change to the stack: recorded in dry-run too.
            alarmStates.record(alarm.alarmName(), alarm.state(), alarm.time(), alarm.eventId());
        }
        Optional<String> skip = function.skipReason(trigger);
        if (skip.isPresent()) {
            LOG.info("skipped {} event {}: {}", trigger.kind(), trigger.eventId(), skip.get());
            return OpsResult.withoutPlan(function.name(), "skipped", view, skip.get());
        }
        Instant now = clock.instant();
        if (!settings.dryRun()) {
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
        }
        try {
            OpsResult result = planApplyTell(trigger, view, function, now);
            if (!settings.dryRun()) {
                if ("failed".equals(result.status())) {
                    // The event may act again: its redelivery or the next scheduled re-check retries.
                    idempotency.fail(function.name(), trigger.eventId(), result.outcomes().toString());
                } else {
                    idempotency.complete(function.name(), trigger.eventId(), encode(result), clock.instant());
                }
            }
            return result;
        } catch (RuntimeException e) {
            if (!settings.dryRun()) {
                idempotency.fail(function.name(), trigger.eventId(), e.toString());
            }
            throw e;
        }
    }

    private OpsResult planApplyTell(Trigger trigger, TriggerView view, OpsFunction function, Instant now) {
        Plan plan = function.plan(trigger, now);
        plan.warnings().forEach(warning -> LOG.warn("{}", warning));
        List<Outcome> outcomes = applier.apply(plan, trigger.eventId(), now);
        if (!outcomes.isEmpty()) {
            teller.tell(function.name(), view, outcomes, plan.warnings());
        }
        String status = statusOf(plan, outcomes);
        LOG.info("{} event {}: {} with {} action(s)", trigger.kind(), trigger.eventId(), status, plan.actions().size());
        return new OpsResult(function.name(), status, view,
                plan.actions().stream().map(PlannedAction::of).toList(),
                outcomes.stream().map(OutcomeView::of).toList(),
                plan.warnings(), plan.notes(),
                plan.isEmpty() && !plan.notes().isEmpty() ? plan.notes().get(0) : null);
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
