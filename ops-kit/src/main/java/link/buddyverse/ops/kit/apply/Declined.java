package link.buddyverse.ops.kit.apply;

import java.time.Instant;
import java.util.Optional;

/**
 * Thrown by an executor when the action cannot or need not be applied now and retrying the event would not change
 * that: AWS's own "not yet" (EFS allows one throughput mode change in 24 hours and names the time), or nothing left
 * to do (a lifecycle action another answer or the hook's timeout already finished, an SSM agent not registered
 * yet). The {@link Applier} reports the action {@code skipped} with this reason (and the time it will be allowed,
 * when known), never as a failure: nothing is counted as changed and the event is not retried into the same answer.
 */
public class Declined extends RuntimeException {

    private final transient Instant allowedFrom;

    public Declined(String reason, Instant allowedFrom) {
        super(reason);
        this.allowedFrom = allowedFrom;
    }

    public Declined(String reason) {
        this(reason, (Instant) null);
    }

    /** Nothing left to do, as AWS's answer ({@code cause}) shows. */
    public Declined(String reason, Throwable cause) {
        super(reason, cause);
        this.allowedFrom = null;
    }

    /** When the action will be allowed, if the refusal said so. */
    public Optional<Instant> allowedFrom() {
        return Optional.ofNullable(allowedFrom);
    }

    /** What the skipped outcome says: "not now: ...; allowed from T" for a "not yet", the reason alone otherwise. */
    public String reason() {
        return allowedFrom == null ? getMessage() : "not now: " + getMessage() + "; allowed from " + allowedFrom;
    }
}
