package link.buddyverse.ops.localaws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Auto Scaling lifecycle actions, which moto does not model: it stores lifecycle hooks but never pauses an
 * instance, and has no CompleteLifecycleAction or RecordLifecycleActionHeartbeat. A test or a drill pauses an
 * instance at one of its group's hooks ({@link #pause}: what the group does when it launches or terminates an
 * instance with a hook); from then on DescribeAutoScalingInstances and DescribeAutoScalingGroups show it in
 * {@code Pending:Wait} or {@code Terminating:Wait}, and
 * <ul>
 *   <li>CompleteLifecycleAction (by {@code LifecycleActionToken} or {@code InstanceId}) ends the wait: a launch
 *       with CONTINUE goes on to InService; a launch with ABANDON, and any termination, terminate the instance
 *       through moto (TerminateInstanceInAutoScalingGroup; the group launches a replacement unless the pause
 *       said to decrement the desired capacity);</li>
 *   <li>RecordLifecycleActionHeartbeat restarts the hook's heartbeat timeout;</li>
 *   <li>a wait whose heartbeat timeout passed ends with the hook's DefaultResult (seen at the next Auto Scaling
 *       call; the clock is {@link Played#clock});</li>
 *   <li>an unknown token or instance gets AWS's own error: {@code ValidationError} "No active Lifecycle Action
 *       found with token ..." (or "... with instance ID ...").</li>
 * </ul>
 */
public final class LifecycleActions implements PlayedOperation {

    public static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
    public static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

    /** One instance waiting at a hook. */
    public record Pause(String token, String group, String instanceId, String hook, String transition,
                        Duration heartbeatTimeout, String defaultResult, boolean decrementDesiredCapacity,
                        String region, Instant deadline) {

        public String lifecycleState() {
            return transition.equals(LAUNCHING) ? "Pending:Wait" : "Terminating:Wait";
        }

        Pause heartbeat(Instant now) {
            return new Pause(token, group, instanceId, hook, transition, heartbeatTimeout, defaultResult,
                    decrementDesiredCapacity, region, now.plus(heartbeatTimeout));
        }
    }

    /** How the last wait of an instance ended. */
    public record Outcome(Pause pause, String result, boolean timedOut) {
    }

    private final Clock clock;
    private final Moto moto;
    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();
    private final List<Outcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.function.Supplier<String> region;

    LifecycleActions(Clock clock, Moto moto, java.util.function.Supplier<String> region) {
        this.clock = clock;
        this.moto = moto;
        this.region = region;
    }

    /**
     * Pauses {@code instanceId} of {@code group} at the group's hook {@code hookName} (which must exist in moto),
     * in the region of the last signed call the gateway saw (else {@code aws.region}, {@code AWS_REGION}); returns the
     * lifecycle action token. The instance is not terminated or decremented by anything here until completed.
     */
    public String pause(String group, String instanceId, String hookName) {
        return pause(group, instanceId, hookName, false, region.get());
    }

    /** As {@link #pause(String, String, String)}; a terminating pause may say the group shrinks (scale-in). */
    public String pause(String group, String instanceId, String hookName, boolean decrementDesiredCapacity, String region) {
        Map<String, String> describe = new LinkedHashMap<>();
        describe.put("Action", "DescribeLifecycleHooks");
        describe.put("Version", "2011-01-01");
        describe.put("AutoScalingGroupName", group);
        describe.put("LifecycleHookNames.member.1", hookName);
        Answer hooks = moto.query("autoscaling", region, describe);
        if (hooks.status() != 200) {
            throw new IllegalArgumentException("DescribeLifecycleHooks of " + group + " answered " + hooks.status() + ": " + hooks.bodyText());
        }
        Element hook = Xml.elements(Xml.parse(hooks.body()), "member").stream()
                .filter(m -> hookName.equals(Xml.childText(m, "LifecycleHookName"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("group " + group + " has no lifecycle hook " + hookName));
        if (!instanceIds(group, region).contains(instanceId)) {
            throw new IllegalArgumentException("group " + group + " has no instance " + instanceId);
        }
        String transition = Xml.childText(hook, "LifecycleTransition");
        String timeout = Xml.childText(hook, "HeartbeatTimeout");
        String defaultResult = Xml.childText(hook, "DefaultResult");
        Duration heartbeat = Duration.ofSeconds(timeout == null || timeout.isEmpty() ? 3600 : Long.parseLong(timeout));
        String token = UUID.randomUUID().toString();
        pauses.values().removeIf(p -> p.instanceId().equals(instanceId));
        pauses.put(token, new Pause(token, group, instanceId, hookName, transition, heartbeat,
                defaultResult == null || defaultResult.isEmpty() ? "ABANDON" : defaultResult, decrementDesiredCapacity,
                region, clock.instant().plus(heartbeat)));
        return token;
    }

    /** The instances waiting now. */
    public List<Pause> waiting() {
        expire();
        return new ArrayList<>(pauses.values());
    }

    /** How each wait ended so far (completed or timed out), in order. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public void reset() {
        pauses.clear();
        outcomes.clear();
    }

    @Override
    public List<String> operations() {
        return List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat",
                "autoscaling:DescribeAutoScalingInstances (Pending:Wait, Terminating:Wait)",
                "autoscaling:DescribeAutoScalingGroups (Pending:Wait, Terminating:Wait)");
    }

    @Override
    public Answer answer(Request request, Moto upstream) {
        if (!request.service().equals("autoscaling") || pauses.isEmpty() && !isLifecycleCall(request)) {
            return null;
        }
        expire();
        return switch (request.operation()) {
            case "CompleteLifecycleAction" -> complete(request);
            case "RecordLifecycleActionHeartbeat" -> heartbeat(request);
            case "DescribeAutoScalingInstances", "DescribeAutoScalingGroups" -> pauses.isEmpty() ? null : withWaits(upstream.forward(request));
            default -> null;
        };
    }

    private static boolean isLifecycleCall(Request request) {
        return request.operation().equals("CompleteLifecycleAction") || request.operation().equals("RecordLifecycleActionHeartbeat");
    }

    private Answer complete(Request request) {
        String result = request.param("LifecycleActionResult");
        if (!"CONTINUE".equals(result) && !"ABANDON".equals(result)) {
            return ErrorShapes.clientError(request, 400, "ValidationError",
                    "1 validation error detected: Value '" + result + "' at 'lifecycleActionResult' failed to satisfy constraint:"
                            + " Member must satisfy enum value set: [CONTINUE, ABANDON]");
        }
        Pause pause = find(request);
        if (pause == null) {
            return notFound(request);
        }
        end(pause, result, false);
        return ok("CompleteLifecycleAction");
    }

    private Answer heartbeat(Request request) {
        Pause pause = find(request);
        if (pause == null) {
            return notFound(request);
        }
        pauses.put(pause.token(), pause.heartbeat(clock.instant()));
        return ok("RecordLifecycleActionHeartbeat");
    }

    private Pause find(Request request) {
        String token = request.param("LifecycleActionToken");
        String instanceId = request.param("InstanceId");
        for (Pause pause : pauses.values()) {
            boolean same = token != null ? pause.token().equals(token) : pause.instanceId().equals(instanceId);
            if (same && pause.group().equals(request.param("AutoScalingGroupName"))
                    && pause.hook().equals(request.param("LifecycleHookName"))) {
                return pause;
            }
        }
        return null;
    }

    private static Answer notFound(Request request) {
        String token = request.param("LifecycleActionToken");
        return ErrorShapes.clientError(request, 400, "ValidationError", token != null
                ? "No active Lifecycle Action found with token " + token
                : "No active Lifecycle Action found with instance ID " + request.param("InstanceId"));
    }

    private void expire() {
        Instant now = clock.instant();
        for (Pause pause : List.copyOf(pauses.values())) {
            if (!now.isBefore(pause.deadline())) {
                end(pause, pause.defaultResult(), true);
            }
        }
    }

    private void end(Pause pause, String result, boolean timedOut) {
        if (pauses.remove(pause.token()) == null) {
            return;
        }
        outcomes.add(new Outcome(pause, result, timedOut));
        boolean terminate = pause.transition().equals(TERMINATING) || result.equals("ABANDON");
        if (terminate) {
            Map<String, String> call = new LinkedHashMap<>();
            call.put("Action", "TerminateInstanceInAutoScalingGroup");
            call.put("Version", "2011-01-01");
            call.put("InstanceId", pause.instanceId());
            call.put("ShouldDecrementDesiredCapacity", Boolean.toString(pause.transition().equals(TERMINATING)
                    && pause.decrementDesiredCapacity()));
            Answer answer = moto.query("autoscaling", pause.region(), call);
            if (answer.status() != 200) {
                throw new IllegalStateException("moto did not terminate " + pause.instanceId() + ": " + answer.bodyText());
            }
        }
    }

    private Answer withWaits(Answer answer) {
        if (answer.status() != 200) {
            return answer;
        }
        Map<String, Pause> byInstance = new LinkedHashMap<>();
        pauses.values().forEach(p -> byInstance.put(p.instanceId(), p));
        Document document = Xml.parse(answer.body());
        boolean changed = false;
        for (Element state : Xml.elements(document, "LifecycleState")) {
            Element instance = (Element) state.getParentNode();
            Pause pause = byInstance.get(Xml.childText(instance, "InstanceId"));
            if (pause != null) {
                state.setTextContent(pause.lifecycleState());
                changed = true;
            }
        }
        return changed ? answer.withBody(Xml.write(document)) : answer;
    }

    private List<String> instanceIds(String group, String region) {
        Map<String, String> call = new LinkedHashMap<>();
        call.put("Action", "DescribeAutoScalingGroups");
        call.put("Version", "2011-01-01");
        call.put("AutoScalingGroupNames.member.1", group);
        Answer answer = moto.query("autoscaling", region, call);
        List<String> ids = new ArrayList<>();
        for (Element id : Xml.elements(Xml.parse(answer.body()), "InstanceId")) {
            ids.add(id.getTextContent().trim());
        }
        return ids;
    }

    private static Answer ok(String operation) {
        String xml = "<" + operation + "Response xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><" + operation
                + "Result/><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + operation + "Response>";
        return Answer.text(200, "text/xml", xml);
    }

    static String defaultRegion() {
        String region = System.getProperty("aws.region");
        if (region == null) {
            region = System.getenv("AWS_REGION");
        }
        return region == null ? "us-east-1" : region;
    }
}
