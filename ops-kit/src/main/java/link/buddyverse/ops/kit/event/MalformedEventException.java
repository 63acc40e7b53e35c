package link.buddyverse.ops.kit.event;

/**
 * The input is not an event of a shape we know: a required field is missing or has the wrong type.
 * Retrying cannot fix it, so handlers turn it into a "rejected" result instead of failing the invocation.
 */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
