package link.buddyverse.ops.kit.state;

/**
 * This attempt no longer holds its event's claim: its lease ran out and a newer attempt took the event over (or
 * finished it). It must write nothing more to the event's record and change nothing more; the newer attempt decides.
 */
public final class ClaimLost extends RuntimeException {

    public ClaimLost(String message, Throwable cause) {
        super(message, cause);
    }
}
