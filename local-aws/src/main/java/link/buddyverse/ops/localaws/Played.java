package link.buddyverse.ops.localaws;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations the gateway plays because moto lacks them (or answers them wrongly), each with its state and a
 * handle for tests and drills to script it. Their clock (the lifecycle timeouts, EFS's 24-hour rule, SSM's
 * delays) is {@link #clock(Clock)}, the system's by default.
 */
public final class Played {

    private final MutableClock clock = new MutableClock();
    private final TargetHealth targetHealth = new TargetHealth();
    private final LifecycleActions lifecycle;
    private final EfsThroughput efs = new EfsThroughput(clock);
    private final RunCommand runCommand;
    private final List<PlayedOperation> all = new ArrayList<>();

    Played(Moto moto) {
        lifecycle = new LifecycleActions(clock, moto, this::region);
        runCommand = new RunCommand(clock, moto);
        all.add(targetHealth);
        all.add(lifecycle);
        all.add(efs);
        all.add(runCommand);
    }

    /** Auto Scaling CompleteLifecycleAction / RecordLifecycleActionHeartbeat, and instances paused at hooks. */
    public LifecycleActions lifecycle() {
        return lifecycle;
    }

    /** EFS UpdateFileSystem (throughput mode), with the 24-hour rule. */
    public EfsThroughput efs() {
        return efs;
    }

    /** SSM SendCommand / GetCommandInvocation, scripted per instance. */
    public RunCommand runCommand() {
        return runCommand;
    }

    /** ELBv2 DescribeTargetHealth with the targets a drill marked unhealthy. */
    public TargetHealth targetHealth() {
        return targetHealth;
    }

    private volatile String lastRegion;

    void lastRegion(String region) {
        lastRegion = region;
    }

    /** The region of the last signed call (else aws.region, AWS_REGION, us-east-1): where a pause looks for its hook. */
    String region() {
        return lastRegion != null ? lastRegion : LifecycleActions.defaultRegion();
    }

    /** The clock played operations read: a test may set a fixed one (and move it) to cross a timeout or a rule. */
    public Played clock(Clock newClock) {
        clock.set(newClock);
        return this;
    }

    public Clock clock() {
        return clock;
    }

    /** {@code service:Operation} of every operation played or corrected. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        all.forEach(op -> operations.addAll(op.operations()));
        return operations;
    }

    /** Forgets every played state (and goes back to the system clock). */
    public void reset() {
        all.forEach(PlayedOperation::reset);
        clock.set(Clock.systemUTC());
    }

    Answer answer(Request request, Moto moto) {
        for (PlayedOperation operation : all) {
            Answer answer = operation.answer(request, moto);
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    /** Control calls for a gateway in another process; null when {@code path} is none of the played operations'. */
    Answer control(String method, String path, com.fasterxml.jackson.databind.JsonNode body) {
        if (path.equals("lifecycle/pause") && method.equals("POST")) {
            String region = body.hasNonNull("region") ? body.get("region").asText() : region();
            String token = lifecycle.pause(body.path("group").asText(), body.path("instanceId").asText(),
                    body.path("hook").asText(), body.path("decrementDesiredCapacity").asBoolean(false), region);
            com.fasterxml.jackson.databind.node.ObjectNode answer = Json.object();
            answer.put("token", token);
            return Answer.of(200, "application/json", Json.bytes(answer));
        }
        if (path.startsWith("run-command/") && path.length() > "run-command/".length()) {
            String instance = java.net.URLDecoder.decode(path.substring("run-command/".length()), java.nio.charset.StandardCharsets.UTF_8);
            if (method.equals("PUT")) {
                runCommand.script(instance, new RunCommand.Script(body.path("status").asText("Success"),
                        body.path("output").asText(""), body.path("error").asText(""), body.path("responseCode").asInt(0),
                        java.time.Duration.ofMillis(body.path("delayMillis").asLong(0))));
                return Answer.of(204, null, new byte[0]);
            }
            if (method.equals("DELETE")) {
                runCommand.unregistered(instance);
                return Answer.of(204, null, new byte[0]);
            }
        }
        return null;
    }

    /** A clock that can be swapped under the operations holding it. */
    static final class MutableClock extends Clock {
        private volatile Clock delegate = Clock.systemUTC();

        void set(Clock clock) {
            delegate = clock;
        }

        @Override
        public java.time.ZoneId getZone() {
            return delegate.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return delegate.withZone(zone);
        }

        @Override
        public java.time.Instant instant() {
            return delegate.instant();
        }
    }
}
