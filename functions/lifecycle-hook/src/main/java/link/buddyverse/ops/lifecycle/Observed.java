package link.buddyverse.ops.lifecycle;

/** What the observer reads for one round, as plain records the planner takes. */
public final class Observed {

    private Observed() {
    }

    /** A lifecycle hook as the group declares it. */
    public record Hook(String name, int heartbeatTimeoutSeconds, String defaultResult) {
    }

    /**
     * The target group the instance will serve in: what its health checks ask ({@code path} on {@code port},
     * answered with one of {@code matcher}'s codes) and how long it drains a deregistered target.
     */
    public record TargetGroup(String arn, String path, String port, String matcher, int deregistrationDelaySeconds) {
    }

    /** An instance of the group waiting at a hook. */
    public record Waiting(String instanceId, String lifecycleState) {
    }

    /** What became of the last SSM command a chain sent. */
    public record Command(State state, String status, int responseCode, String output) {

        public enum State { NONE, REFUSED, RUNNING, SUCCESS, FAILED }

        public static final Command NONE = new Command(State.NONE, "", -1, "");

        /** Stdout and stderr, trimmed for ops events and results. */
        public String summary() {
            String text = output == null ? "" : output.strip();
            return text.length() > 1500 ? text.substring(0, 1500) + "..." : text;
        }
    }
}
