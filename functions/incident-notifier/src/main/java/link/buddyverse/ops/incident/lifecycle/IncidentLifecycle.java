package link.buddyverse.ops.incident.lifecycle;

import io.micronaut.core.annotation.Nullable;
import link.buddyverse.ops.incident.NotifierSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.incident.lifecycle.Notice.Phase;
import link.buddyverse.ops.incident.lifecycle.Notice.Role;
import link.buddyverse.ops.incident.lifecycle.Transition.Change;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.AutoScalingInstanceEvent;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;

/**
 * Pure decisions: (the incident as stored, one input, the clock) -> {@link Transition}. No AWS, no Slack.
 *
 * <ul>
 *   <li>ALARM opens an incident and one message; ALARM again while open says nothing; OK resolves it (the
 *       message shows the duration, the thread says so); INSUFFICIENT_DATA is a quiet thread note.</li>
 *   <li>ALARM within the flap window after OK (or while the resolved story is still being delivered) reopens
 *       the same incident instead of starting a new one.</li>
 *   <li>Each ops action becomes a thread reply and a line in the message's "actions taken". A failed action
 *       with no incident to belong to opens one of its own.</li>
 *   <li>RDS and Auto Scaling events open (or add to) an incident per resource; RDS recovery events resolve it;
 *       since neither source sends an "all clear" otherwise, such incidents resolve after a quiet period.</li>
 * </ul>
 * Every transition records the event id it applied, so a redelivered event is recognised and changes nothing.
 */
public class IncidentLifecycle {

    /** RDS events that say the instance is back: they resolve the instance's incident. */
    static final Set<String> RDS_RECOVERY_EVENTS = Set.of(
            "RDS-EVENT-0006", // the DB instance restarted
            "RDS-EVENT-0015", // Multi-AZ failover with standby promotion complete
            "RDS-EVENT-0021", // recovery of the DB instance is complete
            "RDS-EVENT-0046", // the read replica resumed replication
            "RDS-EVENT-0049", // Multi-AZ failover complete
            "RDS-EVENT-0053", // recovery of the Multi-AZ instance is complete
            "RDS-EVENT-0065"); // recovered from a partial failover
    /** RDS event categories that mean the database is (or may be) unavailable: critical. */
    static final Set<String> RDS_CRITICAL_CATEGORIES = Set.of("availability", "failover", "failure", "low storage");

    /** The prefix of a warning that must reach a human: the kit logs every warning, these open or raise an incident. */
    public static final String CRITICAL = "critical:";

    private final NotifierSettings settings;

    public IncidentLifecycle(NotifierSettings settings) {
        this.settings = settings;
    }

    /** Open, or resolved so recently that what happens next still belongs to it. */
    public boolean isLive(Incident incident, Instant now) {
        return incident.isOpen() || withinFlapWindow(incident, now);
    }

    public Transition onAlarm(@Nullable Incident current, boolean undelivered, AlarmStateChange alarm, Instant now) {
        if (current != null && current.hasApplied(alarm.eventId())) {
            return alreadyApplied(alarm.eventId());
        }
        switch (alarm.state()) {
            case ALARM:
                if (current == null || !(current.isOpen() || withinFlapWindow(current, now) || undelivered)) {
                    return open(newAlarmIncident(current, alarm, now), alarm.eventId(), now);
                }
                if (current.isOpen()) {
                    return Transition.nothing(Change.REPEAT, "alarm '" + alarm.alarmName()
                            + "' is still in ALARM: its incident is open and already said so");
                }
                return reopen(current, alarm.eventId(), alarm.reason(), now);
            case OK:
                if (current == null || !current.isOpen()) {
                    return Transition.nothing(Change.IGNORED, "alarm '" + alarm.alarmName() + "' is OK and has no open incident");
                }
                return resolve(current, alarm.eventId(), alarm.reason(), "the alarm is back to OK", now);
            default:
                if (current == null || !current.isOpen()) {
                    return Transition.nothing(Change.IGNORED, "alarm '" + alarm.alarmName()
                            + "' has insufficient data and no open incident");
                }
                Incident.Builder next = current.toBuilder().applied(alarm.eventId());
                next.lastChangeAt = now;
                Notice note = Notice.reply(next.seq(), Role.NOTE, IncidentThread.insufficientData(alarm.reason()));
                return new Transition(Change.NOTED, next.build(), List.of(note), false,
                        "alarm '" + alarm.alarmName() + "' has insufficient data: noted in the thread");
        }
    }

    /**
     * @param current     the incident the action belongs to (by alarm, then by resource), open or just resolved,
     *                    or null when it belongs to none
     * @param previousOwn what is stored under {@code ownKey}, if anything: the incident a failed action that
     *                    belongs to none would open
     */
    public Transition onAction(@Nullable Incident current, @Nullable Incident previousOwn, OpsActionEvent input,
                               String ownKey, Instant now) {
        return onAction(current, previousOwn, input, ownKey, now, false);
    }

    /** The "critical:" warnings an Ops Action carries (the rotator's reads on the primary, the tuner's hard ceiling). */
    public static List<String> criticalWarnings(OpsActionEvent input) {
        return input.detail().warnings() == null ? List.of() : input.detail().warnings().stream()
                .filter(warning -> warning != null && warning.regionMatches(true, 0, CRITICAL, 0, CRITICAL.length())).toList();
    }

    /**
     * An Ops Action: threaded under {@code current} when there is one; otherwise a failed action, an action with
     * a "critical:" warning, or one told {@code alone} (its alarm's incident never came: see the notifier's
     * early actions) opens an incident of its own; any other is ignored. A critical warning raises the incident
     * it lands in to critical and is told in its thread.
     */
    public Transition onAction(@Nullable Incident current, @Nullable Incident previousOwn, OpsActionEvent input,
                               String ownKey, Instant now, boolean alone) {
        if ((current != null && current.hasApplied(input.eventId()))
                || (previousOwn != null && previousOwn.hasApplied(input.eventId()))) {
            return alreadyApplied(input.eventId());
        }
        ActionEntry entry = entry(input);
        List<String> critical = criticalWarnings(input);
        if (current != null) {
            Incident.Builder next = current.toBuilder().applied(input.eventId());
            next.actions.add(entry);
            next.lastChangeAt = now;
            if (current.kind() != IncidentKind.ALARM && current.isOpen()) {
                next.autoResolveAt = now.plus(settings.quietPeriod());
            }
            // One reply per event, its critical warnings in it: a function tells the same warning with each of its
            // actions, and the thread must not say it twice for one event.
            StringBuilder reply = new StringBuilder(IncidentThread.action(entry));
            critical.forEach(warning -> reply.append('\n').append(IncidentThread.critical(input.detail().function(), warning)));
            if (!critical.isEmpty()) {
                next.severity = Severity.CRITICAL;
            }
            List<Notice> notices = List.of(
                    Notice.reply(next.seq(), Role.ACTION, reply.toString()),
                    Notice.message(next.seq(), Phase.UPDATED));
            return new Transition(Change.ACTION_RECORDED, next.build(), notices, false,
                    entry.function() + " " + entry.status() + " " + entry.action() + ": threaded under " + current.key()
                            + (critical.isEmpty() ? "" : " (raised to critical: " + critical.get(0) + ")"));
        }
        boolean failed = "failed".equals(entry.status());
        if (!failed && critical.isEmpty() && !alone) {
            return Transition.nothing(Change.IGNORED, "no open incident "
                    + (input.alarm() != null ? "for alarm '" + input.alarm() + "' " : "")
                    + "or on '" + input.detail().action().resource() + "' to thread this " + entry.status()
                    + " " + entry.action() + " under");
        }
        PlannedAction action = input.detail().action();
        String region = input.region() == null ? settings.region() : input.region();
        boolean autoScaling = Set.of("SetDesiredCapacity", "UpdateGroupLimits", "SetInstanceHealth").contains(action.action());
        String title = !critical.isEmpty() ? input.detail().function() + ": " + critical.get(0).substring(CRITICAL.length()).trim()
                : input.detail().function() + ": " + action.action() + (failed ? " failed on " : " " + entry.status() + " on ")
                        + action.resource();
        String reason = !critical.isEmpty() ? String.join("\n", critical) : failed ? detailOf(input.detail().outcome())
                : "no incident of alarm '" + input.alarm() + "' came to thread this " + entry.status() + " " + action.action()
                        + " under, so it is told on its own";
        Incident incident = new Incident(ownKey, IncidentKind.AUTOMATION, IncidentStatus.OPEN, input.eventId(),
                critical.isEmpty() ? Severity.WARNING : Severity.CRITICAL, title,
                action.resource(), autoScaling ? ConsoleLinks.autoScalingGroup(region, action.resource()) : null,
                null, region, null, null, reason, action.reason(), now, null, now,
                now.plus(settings.quietPeriod()), 0, List.of(entry), nextSeqAfter(previousOwn), List.of(), null, null);
        return open(incident, input.eventId(), now);
    }

    public Transition onRdsEvent(@Nullable Incident current, boolean undelivered, RdsInstanceEvent input, Instant now) {
        if (current != null && current.hasApplied(input.eventId())) {
            return alreadyApplied(input.eventId());
        }
        boolean recovery = input.rdsEventId() != null && RDS_RECOVERY_EVENTS.contains(input.rdsEventId());
        if (recovery) {
            if (current == null || !current.isOpen()) {
                return Transition.nothing(Change.IGNORED, "RDS instance '" + input.instance() + "' reports "
                        + input.rdsEventId() + " (" + input.message() + ") and has no open incident");
            }
            return resolve(current, input.eventId(), input.rdsEventId() + ": " + input.message(),
                    input.message(), now);
        }
        Severity severity = input.categories().stream().anyMatch(RDS_CRITICAL_CATEGORIES::contains)
                ? Severity.CRITICAL : Severity.WARNING;
        String region = input.region() == null ? settings.region() : input.region();
        String source = input.rdsEventId() == null ? "RDS event" : input.rdsEventId();
        Incident fresh = new Incident(keyOfDatabase(input.instance()), IncidentKind.DATABASE, IncidentStatus.OPEN,
                input.eventId(), severity, "RDS instance " + input.instance(), input.instance(),
                ConsoleLinks.dbInstance(region, input.instance()), null, region, null, null,
                source + ": " + input.message(), String.join(", ", input.categories()), now, null, now,
                now.plus(settings.quietPeriod()), 0, List.of(), nextSeqAfter(current), List.of(), null, null);
        return troubleEvent(current, undelivered, fresh, input.eventId(), source, input.message(), severity, now);
    }

    public Transition onScalingFailure(@Nullable Incident current, boolean undelivered, AutoScalingInstanceEvent input,
                                       Instant now) {
        if (current != null && current.hasApplied(input.eventId())) {
            return alreadyApplied(input.eventId());
        }
        String region = input.region() == null ? settings.region() : input.region();
        String what = (input.launch() ? "Launch" : "Terminate") + " unsuccessful"
                + (input.instanceId() == null ? "" : " (" + input.instanceId() + ")")
                + (input.availabilityZone() == null ? "" : " in " + input.availabilityZone());
        String message = what + (input.statusMessage() == null ? "" : ": " + input.statusMessage());
        Incident fresh = new Incident(keyOfGroup(input.group()), IncidentKind.SCALING, IncidentStatus.OPEN,
                input.eventId(), Severity.WARNING, "Auto Scaling group " + input.group(), input.group(),
                ConsoleLinks.autoScalingGroup(region, input.group()), null, region, null, null, message,
                input.cause(), now, null, now, now.plus(settings.quietPeriod()), 0, List.of(), nextSeqAfter(current),
                List.of(), null, null);
        return troubleEvent(current, undelivered, fresh, input.eventId(),
                input.launch() ? "EC2 Instance Launch Unsuccessful" : "EC2 Instance Terminate Unsuccessful", message,
                Severity.WARNING, now);
    }

    /** An event-opened incident with no new event for the quiet period resolves itself. */
    public Transition onQuiet(Incident current, String tickId, Instant now) {
        if (!current.isOpen() || current.autoResolveAt() == null || now.isBefore(current.autoResolveAt())) {
            return Transition.nothing(Change.IGNORED, "incident " + current.key() + " is not due to resolve");
        }
        if (current.hasApplied(tickId)) {
            return alreadyApplied(tickId);
        }
        return resolve(current, tickId, "no new events for " + IncidentThread.duration(settings.quietPeriod()),
                "no new events for " + IncidentThread.duration(settings.quietPeriod()), now);
    }

    public static String keyOfDatabase(String instance) {
        return "rds:" + instance;
    }

    public static String keyOfGroup(String group) {
        return "asg:" + group;
    }

    public static String keyOfFailedAction(String resource) {
        return "action:" + resource;
    }

    private Transition troubleEvent(@Nullable Incident current, boolean undelivered, Incident fresh, String eventId,
                                    String source, String message, Severity severity, Instant now) {
        if (current == null || !(current.isOpen() || withinFlapWindow(current, now) || undelivered)) {
            return open(fresh, eventId, now);
        }
        if (!current.isOpen()) {
            return reopen(current, eventId, message, now);
        }
        Incident.Builder next = current.toBuilder().applied(eventId);
        next.reason = source + ": " + message;
        next.lastChangeAt = now;
        next.severity = Severity.worst(current.severity(), severity);
        next.autoResolveAt = now.plus(settings.quietPeriod());
        List<Notice> notices = List.of(
                Notice.reply(next.seq(), Role.STORY, IncidentThread.resourceEvent(source, message)),
                Notice.message(next.seq(), Phase.UPDATED));
        return new Transition(Change.UPDATED, next.build(), notices, false, source + " added to " + current.key());
    }

    private Transition open(Incident incident, String eventId, Instant now) {
        Incident.Builder next = incident.toBuilder().applied(eventId);
        Notice opened = Notice.message(next.seq(), Phase.OPENED);
        return new Transition(Change.OPENED, next.build(), List.of(opened), true,
                incident.severity().label().toLowerCase(Locale.ROOT) + " incident " + incident.key() + " opened");
    }

    private Transition reopen(Incident current, String eventId, @Nullable String why, Instant now) {
        Duration sinceResolved = current.resolvedAt() == null ? Duration.ZERO : Duration.between(current.resolvedAt(), now);
        Incident.Builder next = current.toBuilder().applied(eventId);
        next.status = IncidentStatus.OPEN;
        next.resolvedAt = null;
        next.resolution = null;
        next.reopenCount = current.reopenCount() + 1;
        next.lastChangeAt = now;
        if (why != null) {
            next.reason = why;
        }
        if (current.kind() != IncidentKind.ALARM) {
            next.autoResolveAt = now.plus(settings.quietPeriod());
        }
        Incident reopened = next.build();
        Incident.Builder numbered = reopened.toBuilder();
        List<Notice> notices = List.of(
                Notice.message(numbered.seq(), Phase.REOPENED),
                Notice.reply(numbered.seq(), Role.STORY, IncidentThread.reopened(reopened, sinceResolved, why)));
        return new Transition(Change.REOPENED, numbered.build(), notices, false,
                "incident " + current.key() + " reopened " + IncidentThread.duration(sinceResolved) + " after it resolved");
    }

    private Transition resolve(Incident current, String eventId, @Nullable String why, String resolution, Instant now) {
        Incident.Builder next = current.toBuilder().applied(eventId);
        next.status = IncidentStatus.RESOLVED;
        next.resolvedAt = now;
        next.lastChangeAt = now;
        next.autoResolveAt = null;
        next.resolution = resolution;
        if (why != null && current.kind() == IncidentKind.ALARM) {
            next.reason = why;
        }
        Incident resolved = next.build();
        Incident.Builder numbered = resolved.toBuilder();
        List<Notice> notices = List.of(
                Notice.message(numbered.seq(), Phase.RESOLVED),
                Notice.reply(numbered.seq(), Role.STORY, IncidentThread.resolved(resolved, why)));
        return new Transition(Change.RESOLVED, numbered.build(), notices, false,
                "incident " + current.key() + " resolved after " + IncidentThread.duration(resolved.duration(now)));
    }

    private Incident newAlarmIncident(@Nullable Incident previous, AlarmStateChange alarm, Instant now) {
        AlarmStateChange.AlarmFacts facts = alarm.facts() == null ? AlarmStateChange.AlarmFacts.NONE : alarm.facts();
        String region = alarm.region() == null ? settings.region() : alarm.region();
        Optional<ConsoleLinks.Resource> resource = ConsoleLinks.fromDimensions(region, alarm.dimensions());
        String metric = null;
        if (alarm.metricName() != null) {
            List<String> how = new ArrayList<>();
            if (facts.statistic() != null) {
                how.add(facts.statistic());
            }
            if (facts.periodSeconds() != null) {
                how.add(facts.periodSeconds() + " s");
            }
            metric = (alarm.namespace() == null ? "" : alarm.namespace() + " ") + alarm.metricName()
                    + (how.isEmpty() ? "" : " (" + String.join(", ", how) + ")");
        }
        String threshold = facts.threshold() == null ? null
                : (facts.comparison() == null ? "" : comparison(facts.comparison()) + " ") + facts.threshold();
        return new Incident(alarm.alarmName(), IncidentKind.ALARM, IncidentStatus.OPEN, alarm.eventId(),
                settings.severityOf(alarm.alarmName()), alarm.alarmName(),
                resource.map(ConsoleLinks.Resource::label).orElse(dimensionsText(alarm.dimensions())),
                resource.map(ConsoleLinks.Resource::link).orElse(null), ConsoleLinks.alarm(region, alarm.alarmName()),
                region, metric, threshold, alarm.reason(), facts.description(), now, null, now, null, 0, List.of(),
                nextSeqAfter(previous), List.of(), null, null);
    }

    private static Transition alreadyApplied(String eventId) {
        return Transition.nothing(Change.ALREADY_APPLIED, "event " + eventId + " was already applied to its incident");
    }

    private boolean withinFlapWindow(Incident incident, Instant now) {
        return !incident.isOpen() && incident.resolvedAt() != null
                && !now.isAfter(incident.resolvedAt().plus(settings.flapWindow()));
    }

    /** A new episode keeps counting notices where the last one stopped: its outbox ids never collide. */
    private static long nextSeqAfter(@Nullable Incident previous) {
        return previous == null ? 0 : previous.nextSeq();
    }

    private static ActionEntry entry(OpsActionEvent input) {
        PlannedAction action = input.detail().action();
        OutcomeView outcome = input.detail().outcome();
        return new ActionEntry(input.detail().function(), action.action(), action.target(), action.before(),
                action.after(), outcome.status(), outcome.detail(), action.reason(), input.time());
    }

    private static String detailOf(OutcomeView outcome) {
        return outcome.detail() == null || outcome.detail().isBlank() ? "the action failed" : outcome.detail();
    }

    private static String dimensionsText(Map<String, String> dimensions) {
        if (dimensions.isEmpty()) {
            return null;
        }
        return String.join(", ", dimensions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static String comparison(String operator) {
        switch (operator) {
            case "GreaterThanThreshold":
                return ">";
            case "GreaterThanOrEqualToThreshold":
                return "≥";
            case "LessThanThreshold":
                return "<";
            case "LessThanOrEqualToThreshold":
                return "≤";
            default:
                return operator;
        }
    }
}
