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
    private final List<PlayedOperation> all = new ArrayList<>();

    Played() {
        all.add(targetHealth);
    }

    /** ELBv2 DescribeTargetHealth with the targets a drill marked unhealthy. */
    public TargetHealth targetHealth() {
        return targetHealth;
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
