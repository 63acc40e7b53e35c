package link.buddyverse.ops.cli.soak;

import java.time.Instant;

/**
 * A mutating call on the group the gateway recorded (SetDesiredCapacity, UpdateAutoScalingGroup), with the values
 * it set (null when not set), and whether it reached moto (answered by moto, or its answer cut after moto acted).
 */
record GroupChange(Instant time, String operation, Integer desiredCapacity, Integer minSize, Integer maxSize, int status,
                   String handledBy) {

    boolean reachedMoto() {
        boolean answeredByMoto = handledBy.startsWith("moto") && status >= 200 && status < 300;
        return answeredByMoto || handledBy.contains("drop-connection");
    }

    @Override
    public String toString() {
        return time + " " + operation + (desiredCapacity == null ? "" : " DesiredCapacity=" + desiredCapacity)
                + (minSize == null ? "" : " MinSize=" + minSize) + (maxSize == null ? "" : " MaxSize=" + maxSize)
                + " -> " + status + " (" + handledBy + ")";
    }
}
