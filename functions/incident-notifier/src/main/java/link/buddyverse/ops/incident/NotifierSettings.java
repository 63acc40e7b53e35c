package link.buddyverse.ops.incident;

import link.buddyverse.ops.incident.lifecycle.Severity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * How IncidentNotifierFunction decides what is an incident and where it goes, from the {@code INCIDENT_*}
 * environment variables template.yaml fills from its parameters. Defaults fit the Buddyverse stack.
 *
 * @param alarmPrefix        alarms whose name starts with this are the Buddyverse stack's ({@code INCIDENT_ALARM_PREFIX})
 * @param stackAlarms        the ops stack's own alarms, followed whatever their prefix (comma-separated)
 * @param criticalAlarms     alarms whose incidents are critical; every other alarm's are warnings
 * @param quietAlarms        alarms whose ALARM is a signal for automation, not an incident (CPU-Low: scale in)
 * @param criticalChannel    Slack channel (name or id) of critical incidents, in bot mode
 * @param warningChannel     Slack channel of warnings, in bot mode
 * @param dashboardName      the CloudWatch dashboard every incident links to
 * @param region             the stack's region, for console links when an event does not name one
 * @param stormThreshold     more incidents than this opening within one minute are rolled up into one message
 * @param flapWindowMinutes  an alarm firing again this soon after it cleared reopens the same incident
 * @param quietMinutes       incidents opened by events (RDS, Auto Scaling, failed actions) resolve after this long
 *                           without a new event, since those sources send no "all clear"
 * @param leaseSeconds       how long one invocation may hold an incident's delivery lease (longer than the timeout)
 * @param retentionDays      how long resolved incidents and undelivered notices are kept
 * @param earlyActionWaitSeconds how long an Ops Action that arrived before its alarm's incident waits for it
 *                           (Lambda retries it meanwhile), counted from the action's time; after that it is told
 *                           on its own. Below Lambda's last async retry (3 minutes after the first attempt)
 */
@ConfigurationProperties("incident")
public record NotifierSettings(
        @Bindable(defaultValue = "Buddy-") String alarmPrefix,
        @Bindable(defaultValue = "Buddy-CPU-High,Buddy-Unhealthy-Hosts") List<String> stackAlarms,
        @Bindable(defaultValue = "Buddy-Unhealthy-Hosts") List<String> criticalAlarms,
        @Bindable(defaultValue = "Buddy-CPU-Low") List<String> quietAlarms,
        @Bindable(defaultValue = "#buddy-incidents") String criticalChannel,
        @Bindable(defaultValue = "#buddy-ops") String warningChannel,
        @Bindable(defaultValue = "CPU-Per-Second") String dashboardName,
        @Bindable(defaultValue = "ap-northeast-2") String region,
        @Bindable(defaultValue = "10") int stormThreshold,
        @Bindable(defaultValue = "15") int flapWindowMinutes,
        @Bindable(defaultValue = "30") int quietMinutes,
        @Bindable(defaultValue = "60") int leaseSeconds,
        @Bindable(defaultValue = "14") int retentionDays,
        @Bindable(defaultValue = "120") int earlyActionWaitSeconds) {

    public NotifierSettings {
        stackAlarms = names(stackAlarms);
        criticalAlarms = names(criticalAlarms);
        quietAlarms = names(quietAlarms);
        alarmPrefix = alarmPrefix == null ? "" : alarmPrefix.trim();
    }

    public Duration flapWindow() {
        return Duration.ofMinutes(flapWindowMinutes);
    }

    public Duration quietPeriod() {
        return Duration.ofMinutes(quietMinutes);
    }

    public Duration earlyActionWait() {
        return Duration.ofSeconds(earlyActionWaitSeconds);
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    /** Whether the alarm belongs to the Buddyverse stack: one of the ops stack's alarms, or the configured prefix. */
    public boolean followsAlarm(String alarmName) {
        return stackAlarms.contains(alarmName) || (!alarmPrefix.isEmpty() && alarmName.startsWith(alarmPrefix));
    }

    public Severity severityOf(String alarmName) {
        return criticalAlarms.contains(alarmName) ? Severity.CRITICAL : Severity.WARNING;
    }

    public String channelFor(Severity severity) {
        return severity == Severity.CRITICAL ? criticalChannel : warningChannel;
    }

    // Template parameters join lists with commas, so an empty optional part leaves blanks behind.
    private static List<String> names(List<String> raw) {
        return raw == null ? List.of() : raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
