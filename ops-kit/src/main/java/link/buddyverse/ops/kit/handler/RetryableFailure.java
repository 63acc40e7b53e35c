package link.buddyverse.ops.kit.handler;

/**
 * The event must be delivered again: an action failed for a reason a retry can fix (throttling, 5xx, no
 * answer), or its completion could not be recorded. Thrown out of the handler so Lambda retries the
 * invocation (or, in an SQS batch, caught and reported in {@code batchItemFailures}). What was and was not
 * applied is already recorded on the event, so the retry finishes the plan instead of planning again.
 */
public final class RetryableFailure extends RuntimeException {

    public RetryableFailure(String message) {
        super(message);
    }

    public RetryableFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
