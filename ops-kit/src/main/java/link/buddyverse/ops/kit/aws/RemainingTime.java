package link.buddyverse.ops.kit.aws;

/** How long the invocation under way has left (Lambda's context), for the SDK calls' timeouts. */
@FunctionalInterface
public interface RemainingTime {

    /** Off Lambda, and before the first invocation: no deadline known. */
    RemainingTime UNKNOWN = () -> -1;

    /** Milliseconds left, or a negative number when no deadline is known. */
    long remainingMillis();
}
