package link.buddyverse.ops.lifecycle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import link.buddyverse.ops.kit.event.LifecycleAction;
import link.buddyverse.ops.kit.event.RecheckMessage;

/**
 * One instance waiting at one hook, as this function follows it from round to round: what the answer needs
 * (group, hook, token; no token when the sweep found the wait without its event: AWS then takes the instance id),
 * the chain that looks after it ({@code origin}, {@code attempt}), and the clocks the budgets run on. It travels in
 * the re-check message's data, so a round needs nothing but the message and what it observes.
 *
 * @param phase        {@code check} (launch: is it serving?), {@code drain} (terminate: has the target drained?),
 *                     {@code flush} (terminate: the flush command is running)
 * @param command      the key of the last SSM command this chain sent, empty if none
 * @param heartbeatAt  when the hook's heartbeat timeout last started (its start, or our last heartbeat)
 * @param phaseStartedAt when the current phase began (the flush's own budget runs from it)
 */
public record HookWait(String group, String instanceId, String hookName, String token, Transition transition,
                       String origin, int attempt, Instant startedAt, Instant heartbeatAt, String phase, String command,
                       Instant phaseStartedAt) {

    public enum Transition {
        LAUNCH("Pending:Wait", "check"), TERMINATE("Terminating:Wait", "drain");

        private final String waitState;
        private final String firstPhase;

        Transition(String waitState, String firstPhase) {
            this.waitState = waitState;
            this.firstPhase = firstPhase;
        }

        /** The instance's lifecycle state while the hook waits for an answer. */
        public String waitState() {
            return waitState;
        }
    }

    /** Thrown for a re-check whose data is not one of ours (missing or unreadable fields). */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    public HookWait {
        token = token == null ? "" : token;
        command = command == null ? "" : command;
    }

    /** The wait a lifecycle event announces: the hook's timeout started when the event was sent. */
    public static HookWait of(LifecycleAction event) {
        Transition transition = event.transition() == LifecycleAction.Transition.LAUNCHING ? Transition.LAUNCH : Transition.TERMINATE;
        return new HookWait(event.group(), event.instanceId(), event.hookName(), event.token(), transition, event.eventId(), 0,
                event.time(), event.time(), transition.firstPhase, "", event.time());
    }

    /**
     * A wait the sweep found with no chain looking after it. What an earlier chain knew (its token, when the wait
     * started) is kept; a wait never seen before starts now, and its heartbeat is unknown, so the first round
     * records one.
     */
    public static HookWait adopted(String origin, String group, String instanceId, String hookName, Transition transition,
                                   InstanceWatches.Watch earlier, Instant now) {
        if (earlier == null) {
            return new HookWait(group, instanceId, hookName, "", transition, origin, 0, now, Instant.EPOCH,
                    transition.firstPhase, "", now);
        }
        return new HookWait(group, instanceId, hookName, earlier.token(), transition, origin, 0, earlier.startedAt(),
                earlier.heartbeatAt(), transition.firstPhase, "", now);
    }

    public static HookWait of(RecheckMessage recheck) {
        Map<String, String> data = recheck.data();
        try {
            return new HookWait(required(data, "group"), recheck.subject(), required(data, "hook"), data.get("token"),
                    Transition.valueOf(required(data, "transition")), recheck.origin(), recheck.attempt(),
                    Instant.parse(required(data, "startedAt")), Instant.parse(required(data, "heartbeatAt")),
                    required(data, "phase"), data.get("command"), Instant.parse(required(data, "phaseStartedAt")));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new Unreadable("the re-check's data is not a lifecycle wait: " + e.getMessage());
        }
    }

    /** What the next re-check carries. */
    public Map<String, String> data() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("group", group);
        data.put("hook", hookName);
        data.put("token", token);
        data.put("transition", transition.name());
        data.put("startedAt", startedAt.toString());
        data.put("heartbeatAt", heartbeatAt.toString());
        data.put("phase", phase);
        data.put("command", command);
        data.put("phaseStartedAt", phaseStartedAt.toString());
        return data;
    }

    /** The answer's lock: the token when known, else the instance at this hook (AWS allows one wait per hook). */
    public String answerKey() {
        return token.isEmpty() ? instanceId + "/" + hookName : token;
    }

    public HookWait next(Instant newHeartbeatAt, String newPhase, String newCommand, Instant newPhaseStartedAt) {
        return new HookWait(group, instanceId, hookName, token, transition, origin, attempt + 1, startedAt, newHeartbeatAt,
                newPhase, newCommand, newPhaseStartedAt);
    }

    /** Deterministic per chain and round, so a retried round sends the same command key. */
    public String commandKey(String purpose) {
        return origin + "/" + purpose + "-" + attempt;
    }

    private static String required(Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null || value.isBlank()) {
            throw new Unreadable("the re-check's data has no '" + key + "'");
        }
        return value;
    }
}
