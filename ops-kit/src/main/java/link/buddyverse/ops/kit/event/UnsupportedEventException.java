package link.buddyverse.ops.kit.event;

/**
 * A well-formed event of a kind this function does not handle (another EventBridge detail-type, say).
 * Handlers log and skip it: an over-broad rule must not cause retries.
 */
public final class UnsupportedEventException extends RuntimeException {

    public UnsupportedEventException(String message) {
        super(message);
    }
}
