package link.buddyverse.ops.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.recheck.SendRecheck;
import link.buddyverse.ops.lifecycle.action.CompleteLifecycleAction;
import link.buddyverse.ops.lifecycle.action.RecordLifecycleHeartbeat;
import link.buddyverse.ops.lifecycle.action.SendShellCommand;

/**
 * Pure decisions for one round of one wait: (wait, hook, what was observed, settings, now) -> answer now, or look
 * again later (a re-check, a heartbeat when the hook would time out first, a command to run meanwhile). No AWS,
 * no clock of its own, so every budget is tested at its edges without a network.
 */
public class LifecyclePlanner {

    /** AWS's limit on a whole wait, whatever the heartbeats: 48 hours (and 100 heartbeat timeouts). */
    static final Duration MAX_WAIT = Duration.ofHours(48);
    static final int MAX_HEARTBEATS = 100;

    /** One round's verdict; {@code watchedUntil} is how long the chain keeps the wait from the sweep. */
    public record Decision(List<Action> actions, List<String> warnings, List<String> notes, Instant watchedUntil) {
    }

    private final LifecycleSettings settings;
    private final String function;

    public LifecyclePlanner(LifecycleSettings settings, String function) {
        this.settings = settings;
        this.function = function;
    }

    /**
     * A launching instance: CONTINUE once it serves, ABANDON once it never will or the budget is spent; the hook's
     * DefaultResult at once when SSM still refuses the check past the agent's registration time (no managed node).
     */
    public Decision launch(HookWait wait, Observed.Hook hook, Observed.TargetGroup target, Observed.Command last, Instant now) {
        Duration elapsed = Duration.between(wait.startedAt(), now);
        Duration budget = budget(Duration.ofSeconds(settings.launchBudgetSeconds()), hook, settings.recheckDelaySeconds());
        switch (last.state()) {
            case SUCCESS:
                return answer(wait, "CONTINUE", wait.instanceId() + " serves after " + seconds(elapsed) + ": "
                        + oneLine(last.summary()), List.of(), now);
            case FAILED:
                if (last.responseCode() == ReadinessScript.FAILED_FOR_GOOD) {
                    String why = wait.instanceId() + " failed for good after " + seconds(elapsed) + " (its readiness check: "
                            + last.summary() + "): ABANDON, the group replaces it";
                    return answer(wait, "ABANDON", why, List.of(why), now);
                }
                break;
            default:
                break;
        }
        if (last.state() == Observed.Command.State.REFUSED
                && elapsed.compareTo(Duration.ofSeconds(settings.agentRegistrationSeconds())) >= 0) {
            // No agent registers this late: the instance cannot be a managed node (no instance profile, or its role
            // lacks AmazonSSMManagedInstanceCore, or SSM is out of reach). Waiting out the budget would only end in
            // ABANDON, and every replacement the same way: answer as the hook would without this function.
            String why = wait.instanceId() + " is not an SSM managed node: SendCommand still answers InvalidInstanceId "
                    + seconds(elapsed) + " after launch, so its readiness check cannot reach it. Give the launch template an"
                    + " instance profile whose role has AmazonSSMManagedInstanceCore (core/template.yaml WebInstanceProfile)."
                    + " " + hook.defaultResult() + ", the hook's DefaultResult, unchecked";
            return answer(wait, hook.defaultResult(), why, List.of(why), now);
        }
        String lastCheck = describe(last);
        if (elapsed.compareTo(budget) >= 0) {
            String why = wait.instanceId() + " did not serve within its budget of " + seconds(budget) + " (last check: "
                    + lastCheck + "): ABANDON, the group replaces it";
            return answer(wait, "ABANDON", why, List.of(why), now);
        }
        List<Action> actions = new ArrayList<>();
        String command = wait.command();
        if (last.state() != Observed.Command.State.RUNNING) {
            command = wait.commandKey("check");
            actions.add(new SendShellCommand(wait.instanceId(), "check", command,
                    ReadinessScript.commands(target, settings.efsMountPath()), settings.commandTimeoutSeconds(),
                    "is " + wait.instanceId() + " serving? (" + (last.state() == Observed.Command.State.NONE
                            ? "first check" : "last check: " + lastCheck) + ")"));
        }
        int delay = (int) Math.max(1, Math.min(settings.recheckDelaySeconds(), budget.minus(elapsed).toSeconds()));
        return waitAgain(wait, hook, actions, delay, "check", command, wait.phaseStartedAt(),
                wait.instanceId() + " is not serving yet (" + lastCheck + ", " + seconds(elapsed) + " of " + seconds(budget)
                        + "): look again in " + delay + " s", List.of(), now);
    }

    /**
     * A terminating instance: the group has deregistered it; CONTINUE once its target has left draining (or
     * draining outlasts the deregistration delay and its grace), after the optional flush.
     */
    public Decision terminate(HookWait wait, Observed.Hook hook, Observed.TargetGroup target, String targetState,
                              Observed.Command flush, Instant now) {
        if ("flush".equals(wait.phase())) {
            return flushed(wait, hook, flush, now);
        }
        Duration elapsed = Duration.between(wait.startedAt(), now);
        int drainSeconds = target == null ? 0 : target.deregistrationDelaySeconds() + settings.drainGraceSeconds();
        Duration budget = budget(Duration.ofSeconds(drainSeconds), hook, settings.drainRecheckSeconds());
        List<String> warnings = new ArrayList<>();
        if (target == null) {
            warnings.add("target group '" + settings.targetGroupName() + "' does not exist: nothing to drain from;"
                    + " check LIFECYCLE_TARGET_GROUP_NAME");
        } else if ("draining".equals(targetState)) {
            if (elapsed.compareTo(budget) < 0) {
                int delay = (int) Math.max(1, Math.min(settings.drainRecheckSeconds(), budget.minus(elapsed).toSeconds()));
                return waitAgain(wait, hook, List.of(), delay, "drain", "", wait.phaseStartedAt(), wait.instanceId()
                        + " is draining (" + seconds(elapsed) + " of " + seconds(budget) + "): look again in " + delay + " s",
                        List.of(), now);
            }
            warnings.add(wait.instanceId() + " is still draining after " + seconds(elapsed) + ", past the deregistration"
                    + " delay and its grace (" + seconds(budget) + "): CONTINUE anyway; its last connections are cut");
        }
        if (!settings.flushCommand().isBlank()) {
            String key = wait.commandKey("flush");
            List<Action> send = List.of(new SendShellCommand(wait.instanceId(), "flush", key,
                    List.of(settings.flushCommand()), Math.max(SendShellCommand.MIN_TIMEOUT, settings.flushBudgetSeconds()),
                    wait.instanceId() + " has drained: flush what is still on its local disk"));
            Decision waiting = waitAgain(wait, hook, send, Math.min(settings.drainRecheckSeconds(), settings.flushBudgetSeconds()),
                    "flush", key, now, "flush sent to " + wait.instanceId() + "; CONTINUE once it has run", warnings, now);
            return waiting;
        }
        String why = warnings.isEmpty() ? wait.instanceId() + " has drained (" + targetState + " after " + seconds(elapsed) + ")"
                : warnings.get(0);
        return answer(wait, "CONTINUE", why, warnings, now);
    }

    private Decision flushed(HookWait wait, Observed.Hook hook, Observed.Command flush, Instant now) {
        Duration running = Duration.between(wait.phaseStartedAt(), now);
        return switch (flush.state()) {
            case SUCCESS -> answer(wait, "CONTINUE", "flush on " + wait.instanceId() + " done: " + oneLine(flush.summary()),
                    List.of(), now);
            case FAILED, REFUSED, NONE -> {
                String warning = "flush on " + wait.instanceId() + " did not succeed (" + describe(flush)
                        + "): CONTINUE anyway, what it should have saved may be lost";
                yield answer(wait, "CONTINUE", warning, List.of(warning), now);
            }
            case RUNNING -> {
                Duration budget = budget(Duration.ofSeconds(settings.flushBudgetSeconds()), hook, settings.drainRecheckSeconds());
                if (running.compareTo(budget) >= 0) {
                    String warning = "flush on " + wait.instanceId() + " still running after " + seconds(running)
                            + ": CONTINUE anyway (flush budget " + seconds(budget) + ")";
                    yield answer(wait, "CONTINUE", warning, List.of(warning), now);
                }
                int delay = (int) Math.max(1, Math.min(settings.drainRecheckSeconds(), budget.minus(running).toSeconds()));
                yield waitAgain(wait, hook, List.of(), delay, "flush", wait.command(), wait.phaseStartedAt(),
                        "flush on " + wait.instanceId() + " is running (" + seconds(running) + "): look again in " + delay + " s",
                        List.of(), now);
            }
        };
    }

    /**
     * The configured budget within AWS's limits: the whole wait may last 100 heartbeat timeouts or 48 hours,
     * whichever is shorter; the last round must come before that, so one re-check delay and the margin are kept.
     */
    Duration budget(Duration configured, Observed.Hook hook, int recheckDelaySeconds) {
        Duration awsLimit = Duration.ofSeconds((long) hook.heartbeatTimeoutSeconds() * MAX_HEARTBEATS);
        if (awsLimit.compareTo(MAX_WAIT) > 0) {
            awsLimit = MAX_WAIT;
        }
        Duration ceiling = awsLimit.minusSeconds(recheckDelaySeconds + settings.heartbeatMarginSeconds());
        return configured.compareTo(ceiling) > 0 ? ceiling : configured;
    }

    private Decision waitAgain(HookWait wait, Observed.Hook hook, List<Action> first, int delay, String phase, String command,
                               Instant phaseStartedAt, String reason, List<String> warnings, Instant now) {
        List<Action> actions = new ArrayList<>(first);
        Instant heartbeatAt = wait.heartbeatAt();
        Instant timesOut = heartbeatAt.plusSeconds(hook.heartbeatTimeoutSeconds());
        Instant nextRound = now.plusSeconds(delay + settings.heartbeatMarginSeconds());
        if (!nextRound.isBefore(timesOut)) {
            actions.add(new RecordLifecycleHeartbeat(wait.group(), wait.hookName(), wait.instanceId(), wait.token(),
                    wait.commandKey("heartbeat"), hook.heartbeatTimeoutSeconds(), wait.instanceId() + "'s wait at "
                    + wait.hookName() + " would time out at " + timesOut + " (" + hook.defaultResult() + ") before the next look"));
            heartbeatAt = now;
        }
        HookWait next = wait.next(heartbeatAt, phase, command, phaseStartedAt);
        List<String> allWarnings = new ArrayList<>(warnings);
        if (settings.recheckQueueUrl().isBlank()) {
            allWarnings.add("LIFECYCLE_RECHECK_QUEUE_URL is not set: " + wait.instanceId() + " cannot be looked at again;"
                    + " the sweep picks it up");
        } else {
            actions.add(SendRecheck.next(settings.recheckQueueUrl(), function, wait.instanceId(), wait.origin(), next.attempt(),
                    delay, next.data(), reason));
        }
        return new Decision(actions, allWarnings, List.of(reason),
                now.plusSeconds(delay + settings.watchGraceSeconds()));
    }

    private Decision answer(HookWait wait, String result, String reason, List<String> warnings, Instant now) {
        return new Decision(List.of(new CompleteLifecycleAction(wait.group(), wait.hookName(), wait.instanceId(), wait.token(),
                result, wait.answerKey(), reason)), warnings, List.of(reason), now.plusSeconds(settings.watchGraceSeconds()));
    }

    private static String describe(Observed.Command command) {
        return switch (command.state()) {
            case NONE -> "no check yet";
            case REFUSED -> command.output();
            case RUNNING -> "the check is still running";
            case SUCCESS -> "ready";
            case FAILED -> command.status() + " (exit " + command.responseCode() + ")"
                    + (command.summary().isEmpty() ? "" : ": " + oneLine(command.summary()));
        };
    }

    private static String oneLine(String text) {
        return text.replace('\n', ';');
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
