package link.buddyverse.ops.incident;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.incident.delivery.Delivery;
import link.buddyverse.ops.incident.delivery.DeliveryReport;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.IncidentKind;
import link.buddyverse.ops.incident.lifecycle.IncidentLifecycle;
import link.buddyverse.ops.incident.lifecycle.IncidentThread;
import link.buddyverse.ops.incident.lifecycle.Notice;
import link.buddyverse.ops.incident.lifecycle.Transition;
import link.buddyverse.ops.incident.message.IncidentMessages;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.slack.SlackSettings;
import link.buddyverse.ops.incident.slack.SlackTransports;
import link.buddyverse.ops.incident.store.Commit;
import link.buddyverse.ops.incident.store.DueWork;
import link.buddyverse.ops.incident.store.IncidentRecord;
import link.buddyverse.ops.incident.store.IncidentStore;
import link.buddyverse.ops.incident.store.OutboxNotice;
import link.buddyverse.ops.incident.store.StateTable;
import link.buddyverse.ops.incident.store.StormEffect;
import link.buddyverse.ops.incident.store.StormRecord;
import link.buddyverse.ops.incident.store.StormStore;
import link.buddyverse.ops.incident.store.WorkIndex;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.AutoScalingInstanceEvent;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.OpsFunction;
import link.buddyverse.ops.kit.handler.Work;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.TriggerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IncidentNotifierFunction's decisions, run by ops-kit's {@code EventSkeleton} (which decodes the event, skips
 * what this function does not accept, claims the event id and records the result): read the incident, decide
 * the transition, write it with its notices (retrying when another writer got there first), deliver the outbox
 * of what changed. A schedule tick resolves incidents that went quiet and delivers whatever the outbox still
 * holds.
 *
 * <p>A DynamoDB failure throws, so the skeleton marks the event failed and Lambda retries it (the event id makes
 * the retry safe). Slack trouble never throws: the state change is recorded, its notices wait in the outbox,
 * and the result says {@code queued}.
 *
 * <p>Storms: the first {@code stormThreshold} incidents opening in a minute get a message each; the rest
 * join that minute's storm (and so do incidents opening in the next minute while the storm lasts), whose one
 * roll-up message lists them and whose thread carries their actions. Each keeps its own incident state.
 */
@Singleton
public class IncidentNotifier implements OpsFunction {

    public static final String NAME = "IncidentNotifierFunction";
    private static final Logger LOG = LoggerFactory.getLogger(IncidentNotifier.class);
    private static final int WRITE_ATTEMPTS = 25;
    /** Lambda's async invocation: the first attempt and two retries; the third attempt is the last. */
    private static final int LAST_ASYNC_ATTEMPT = 3;
    private static final int EARLY_ACTION_LOOKS = 3;
    private static final long EARLY_ACTION_LOOK_MILLIS = 500;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final Set<Class<? extends Trigger>> ACCEPTS = Set.of(AlarmStateChange.class, OpsActionEvent.class,
            RdsInstanceEvent.class, AutoScalingInstanceEvent.class, ScheduledCheck.class);
    /** The priming sample's moment: nothing of the snapshot depends on the wall clock. */
    private static final Instant REHEARSAL = Instant.parse("2026-11-25T08:00:00Z");

    private final IncidentStore store;
    private final StormStore storms;
    private final WorkIndex workIndex;
    private final Delivery delivery;
    private final NotifierSettings settings;
    private final SlackSettings slackSettings;
    private final IncidentMessages messages;
    private final SlackTransports slack;
    private final Clock clock;
    private final IncidentLifecycle lifecycle;

    public IncidentNotifier(IncidentStore store, StormStore storms, WorkIndex workIndex, Delivery delivery,
                            NotifierSettings settings, SlackSettings slackSettings, IncidentMessages messages,
                            SlackTransports slack, Clock clock) {
        this.store = store;
        this.storms = storms;
        this.workIndex = workIndex;
        this.delivery = delivery;
        this.settings = settings;
        this.slackSettings = slackSettings;
        this.messages = messages;
        this.slack = slack;
        this.clock = clock;
        this.lifecycle = new IncidentLifecycle(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return ACCEPTS;
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (trigger instanceof AlarmStateChange alarm) {
            String name = alarm.alarmName();
            if (!settings.followsAlarm(name)) {
                return Optional.of("alarm '" + name + "' is not one of the Buddyverse stack's (prefix '"
                        + settings.alarmPrefix() + "', or one of " + settings.stackAlarms() + ")");
            }
            if (settings.quietAlarms().contains(name)) {
                return Optional.of("alarm '" + name + "' signals the automation, not a human (INCIDENT_QUIET_ALARMS)");
            }
        }
        if (trigger instanceof AutoScalingInstanceEvent activity && activity.successful()) {
            return Optional.of("a successful " + (activity.launch() ? "launch" : "termination") + " in '" + activity.group()
                    + "' is no incident: only unsuccessful Auto Scaling activities open one");
        }
        return Optional.empty();
    }

    @Override
    public OpsResult work(Trigger trigger, Work work) {
        if (trigger instanceof ScheduledCheck tick) {
            return sweep(tick, work);
        }
        Applied applied = apply(trigger, work.planning().attempt());
        Transition transition = applied.transition();
        DeliveryReport report = applied.threads().isEmpty() ? DeliveryReport.none()
                : delivery.deliver(applied.threads(), deadline(work));
        String status = !transition.changesState() ? "no-action" : report.pending() == 0 ? "notified" : "queued";
        LOG.info("{} event {}: {} ({}); {} delivered, {} pending", trigger.kind(), trigger.eventId(),
                transition.change().label(), transition.summary(), report.delivered(), report.pending());
        return OpsResult.withDetail(NAME, status, TriggerView.of(trigger),
                NotifierDetail.of(applied.incident(), transition.change().label(), report),
                List.of(transition.summary()), transition.changesState() ? null : transition.summary());
    }

    /**
     * The hot path for the SnapStart snapshot, with no AWS call and no Slack call: the lifecycle opens the
     * sample alarm's incident, the message builder renders it and a reply, and the Slack request path (Block Kit
     * JSON, form bodies, a connection set up) runs short of the network ({@link SlackTransports#prime}).
     */
    @Override
    public OpsResult rehearse(Trigger sample) {
        if (!(sample instanceof AlarmStateChange alarm)) {
            throw new IllegalArgumentException("the notifier's priming sample must be an alarm, got " + sample.kind());
        }
        Transition opened = lifecycle.onAlarm(null, false, alarm, REHEARSAL);
        SlackMessage message = messages.incident(opened.next(), REHEARSAL);
        String blocks = slack.prime(message);
        slack.prime(messages.reply(IncidentThread.insufficientData("priming"), "priming", false));
        return OpsResult.withDetail(NAME, "notified", TriggerView.of(alarm),
                NotifierDetail.of(opened.next(), opened.change().label(), DeliveryReport.none()),
                List.of(opened.summary(), blocks.length() + " characters of Block Kit"), null);
    }

    /** The outcome of one input: the transition and the threads whose outbox it added to. */
    record Applied(Transition transition, @Nullable Incident incident, Set<String> threads) {
    }

    /** Read, decide, write; again from the top when another writer changed the incident in between. */
    Applied apply(Trigger input, int delivery) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Decision decision = decide(input, now, delivery);
            Transition transition = decision.transition();
            if (!transition.changesState()) {
                Incident about = decision.record() == null ? null : decision.record().incident();
                return new Applied(transition, about, Set.of());
            }
            Optional<Applied> written = write(decision, input.eventId(), input.time(), now);
            if (written.isPresent()) {
                return written.get();
            }
            LOG.debug("incident {} changed while event {} was applied (attempt {}): reading it again",
                    transition.next().key(), input.eventId(), attempt);
            StateTable.pause(attempt);
        }
        throw new IllegalStateException("could not apply event " + input.eventId() + " after " + WRITE_ATTEMPTS
                + " attempts: its incident kept changing under it");
    }

    private record Decision(@Nullable IncidentRecord record, Transition transition, @Nullable String pointerResource) {
    }

    private Decision decide(Trigger input, Instant now, int attempt) {
        if (input instanceof AlarmStateChange alarm) {
            Optional<IncidentRecord> record = store.read(alarm.alarmName());
            Transition transition = lifecycle.onAlarm(record.map(IncidentRecord::incident).orElse(null),
                    record.map(r -> !r.pending().isEmpty()).orElse(false), alarm, now);
            return new Decision(record.orElse(null), transition, transition.next() == null ? null : transition.next().resource());
        }
        if (input instanceof OpsActionEvent action) {
            return decideAction(action, now, attempt);
        }
        if (input instanceof RdsInstanceEvent rds) {
            Optional<IncidentRecord> record = store.read(IncidentLifecycle.keyOfDatabase(rds.instance()));
            Transition transition = lifecycle.onRdsEvent(record.map(IncidentRecord::incident).orElse(null),
                    record.map(r -> !r.pending().isEmpty()).orElse(false), rds, now);
            return new Decision(record.orElse(null), transition, null);
        }
        if (input instanceof AutoScalingInstanceEvent failure) {
            Optional<IncidentRecord> record = store.read(IncidentLifecycle.keyOfGroup(failure.group()));
            Transition transition = lifecycle.onScalingFailure(record.map(IncidentRecord::incident).orElse(null),
                    record.map(r -> !r.pending().isEmpty()).orElse(false), failure, now);
            return new Decision(record.orElse(null), transition, null);
        }
        throw new IllegalArgumentException("not an incident event: " + input.kind());
    }

    /**
     * An action belongs to the incident of the alarm it acted on; failing that (a schedule tick acts on no
     * alarm), to the incident last opened on the resource it changed. Failing that: an action on an alarm whose
     * incident does not exist yet waits for it ({@link #awaitsItsIncident}); a failed action, one with a critical
     * warning, or one whose wait is over opens an incident of its own; any other is ignored.
     */
    private Decision decideAction(OpsActionEvent action, Instant now, int attempt) {
        List<String> candidates = new ArrayList<>();
        if (action.alarm() != null) {
            candidates.add(action.alarm());
        }
        store.incidentOn(action.detail().action().resource()).ifPresent(candidates::add);
        String ownKey = IncidentLifecycle.keyOfFailedAction(action.detail().action().resource());
        candidates.add(ownKey);
        IncidentRecord own = null;
        for (String key : new LinkedHashSet<>(candidates)) {
            Optional<IncidentRecord> record = store.read(key);
            if (record.isEmpty()) {
                continue;
            }
            if (key.equals(ownKey)) {
                own = record.get();
            }
            Incident incident = record.get().incident();
            if (incident.hasApplied(action.eventId()) || lifecycle.isLive(incident, now) || !record.get().pending().isEmpty()) {
                return new Decision(record.get(), lifecycle.onAction(incident, null, action, ownKey, now), null);
            }
        }
        // A critical warning is told at once: it needs a human whether or not the alarm's incident comes.
        if (IncidentLifecycle.criticalWarnings(action).isEmpty() && awaitsItsIncident(action, now, attempt)) {
            throw new ActionBeforeItsIncident("Ops Action " + action.eventId() + " (" + action.subject() + ") arrived before"
                    + " the incident of alarm '" + action.alarm() + "': it waits for it (Lambda retries it) until "
                    + action.time().plus(settings.earlyActionWait()) + ", then it is told on its own");
        }
        // Past the wait, an action on an alarm the notifier follows is told on its own rather than dropped.
        boolean alone = action.alarm() != null && followsAsIncident(action.alarm()) && store.read(action.alarm()).isEmpty();
        return new Decision(own, lifecycle.onAction(null, own == null ? null : own.incident(), action, ownKey, now, alone), null);
    }

    /**
     * EventBridge does not order events: the tuner's action on an alarm can arrive before the alarm's own event.
     * Such an action waits for its incident: a few short looks within this invocation, then the event fails so
     * that Lambda retries it (1 and 3 minutes later), until {@code INCIDENT_EARLY_ACTION_WAIT_SECONDS} after the
     * action's time; the last retry never waits, so nothing reaches the dead-letter queue for being early.
     */
    private boolean awaitsItsIncident(OpsActionEvent action, Instant now, int attempt) {
        String alarm = action.alarm();
        // A failed action opens an incident of its own at once: it needs a human whether or not the alarm's comes.
        if (alarm == null || "failed".equals(action.detail().outcome().status()) || !followsAsIncident(alarm)
                || attempt >= LAST_ASYNC_ATTEMPT
                || !now.isBefore(action.time().plus(settings.earlyActionWait()))) {
            return false;
        }
        for (int look = 0; look < EARLY_ACTION_LOOKS; look++) {
            if (store.read(alarm).isPresent()) {
                return false;
            }
            sleep(EARLY_ACTION_LOOK_MILLIS);
        }
        return store.read(alarm).isEmpty();
    }

    private boolean followsAsIncident(String alarm) {
        return settings.followsAlarm(alarm) && !settings.quietAlarms().contains(alarm);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while an early Ops Action waited for its incident", e);
        }
    }

    /** An Ops Action that must wait for its alarm's incident: thrown so that Lambda retries the event. */
    static final class ActionBeforeItsIncident extends RuntimeException {
        ActionBeforeItsIncident(String message) {
            super(message);
        }
    }

    /** Writes the transition; a storm member's notices go to its storm's thread instead. Empty: conflict. */
    private Optional<Applied> write(Decision decision, String eventId, Instant eventTime, Instant now) {
        Transition transition = decision.transition();
        Incident next = transition.next();
        String storm = next.storm();
        if (transition.opensNew() && next.kind() != IncidentKind.STORM) {
            storm = stormToJoin(next.key(), now);
            if (storm != null) {
                next = next.inStorm(storm);
            }
        }
        List<OutboxNotice> own = new ArrayList<>();
        List<OutboxNotice> stormReplies = new ArrayList<>();
        boolean refresh = false;
        for (Notice notice : transition.notices()) {
            if (storm == null) {
                own.add(OutboxNotice.of(next.key(), notice, next, eventId, now));
            } else if (notice.kind() == Notice.Kind.MESSAGE) {
                refresh = true;
            } else if (notice.role() == Notice.Role.ACTION) {
                // The roll-up's thread tells what the automation did; the member's own story is its line in the roll-up.
                // Keyed by the event, not the member's sequence number: a retry after a lost race re-decides, and
                // must land on the same reply rather than add a second one.
                stormReplies.add(new OutboxNotice(storm, next.key() + "#" + eventTime + "#" + eventId, Notice.Kind.REPLY, null,
                        Notice.Role.ACTION, "`" + IncidentThread.escape(next.key()) + "` " + notice.text(), null,
                        eventId, now, 0, null, null, null, false));
            }
        }
        StormEffect effect = null;
        if (storm != null) {
            Instant window = stormStart(storm);
            effect = new StormEffect(storm, storm.substring("storm:".length()), window.plusSeconds(60),
                    transition.opensNew(), refresh, stormReplies);
        }
        boolean pointer = decision.pointerResource() != null
                && (transition.change() == Transition.Change.OPENED || transition.change() == Transition.Change.REOPENED);
        boolean committed = store.commit(new Commit(decision.record(), next, own, effect,
                pointer ? decision.pointerResource() : null, now));
        if (!committed) {
            return Optional.empty();
        }
        Set<String> threads = new LinkedHashSet<>();
        if (!own.isEmpty()) {
            threads.add(next.key());
        }
        if (effect != null && (effect.refresh() || !effect.replies().isEmpty())) {
            threads.add(storm);
        }
        return Optional.of(new Applied(new Transition(transition.change(), next, transition.notices(),
                transition.opensNew(), transition.summary()), next, threads));
    }

    /**
     * The storm a newly opened incident joins, if any: the previous minute's storm while it lasts, or this
     * minute's once more than the threshold have opened in it.
     */
    private String stormToJoin(String key, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        String previous = "storm:" + MINUTE.format(minute.minus(1, ChronoUnit.MINUTES));
        Optional<StormRecord> ongoing = storms.read(previous);
        if (ongoing.isPresent()) {
            return previous;
        }
        String window = MINUTE.format(minute);
        int opened = storms.countOpening(window, key, now);
        return opened > settings.stormThreshold() ? "storm:" + window : null;
    }

    private static Instant stormStart(String storm) {
        return java.time.LocalDateTime.parse(storm.substring("storm:".length())).toInstant(ZoneOffset.UTC);
    }

    // ---- the schedule --------------------------------------------------------------------------------

    private OpsResult sweep(ScheduledCheck tick, Work work) {
        Instant now = clock.instant();
        List<DueWork> due = workIndex.due(now);
        Set<String> threads = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (DueWork item : due) {
            if (item.dueToResolve() && !item.storm()) {
                Transition resolved = resolveQuiet(item.key(), tick);
                if (resolved.changesState()) {
                    notes.add(resolved.summary());
                    threads.add(resolved.next().storm() != null ? resolved.next().storm() : item.key());
                }
            }
            if (item.hasPending()) {
                threads.add(item.key());
            }
        }
        DeliveryReport report = threads.isEmpty() ? DeliveryReport.none() : delivery.deliver(threads, deadline(work));
        String status = threads.isEmpty() ? "no-action" : report.pending() == 0 ? "delivered" : "queued";
        LOG.info("schedule tick {}: {} thread(s) with work, {} delivered, {} pending", tick.eventId(), threads.size(),
                report.delivered(), report.pending());
        return OpsResult.withDetail(NAME, status, TriggerView.of(tick), NotifierDetail.of(null, null, report), notes,
                threads.isEmpty() ? "the outbox is empty and no incident is due to resolve" : null);
    }

    private Transition resolveQuiet(String key, ScheduledCheck tick) {
        String tickId = "quiet:" + tick.eventId();
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<IncidentRecord> record = store.read(key);
            if (record.isEmpty()) {
                return Transition.nothing(Transition.Change.IGNORED, "incident " + key + " is gone");
            }
            Transition transition = lifecycle.onQuiet(record.get().incident(), tickId, now);
            if (!transition.changesState()) {
                return transition;
            }
            Optional<Applied> written = write(new Decision(record.get(), transition, null), tickId, now, now);
            if (written.isPresent()) {
                return written.get().transition();
            }
            StateTable.pause(attempt);
        }
        throw new IllegalStateException("could not resolve quiet incident " + key + ": it kept changing");
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    /** Stop starting Slack calls with a call's worth of time left before Lambda's timeout. */
    private long deadline(Work work) {
        long reserve = Math.max(2_000L, 2L * slackSettings.timeoutMillis());
        return System.nanoTime() + Math.max(1_000L, work.remainingMillis() - reserve) * 1_000_000L;
    }
}
