package link.buddyverse.ops.localaws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults on demand, per service and operation ({@code "*"}: every operation of the service):
 * <pre>{@code
 * faults.on("dynamodb", "UpdateItem").throttle().nextCalls(3);          // the service's own throttling error
 * faults.on("autoscaling", "SetDesiredCapacity").serverError().forWindow(Duration.ofSeconds(30));   // HTTP 500
 * faults.on("cloudwatch", "*").delay(Duration.ofSeconds(2)).fraction(0.5);   // answered late (moto does the work)
 * faults.on("ssm", "SendCommand").dropConnection().nextCalls(1);  // moto does the work, the answer is cut
 * faults.clear();
 * }</pre>
 * A throttled or failed call never reaches moto; a delayed one does, after the delay; a dropped one does, and the
 * connection closes half-way through its answer. Several faults may match one call: every matching delay
 * applies, then the first matching throttle, error or drop (in the order they were added).
 */
public final class Faults {

    /** What a fault does to a call. */
    public enum Kind {
        THROTTLE("fault:throttle"), SERVER_ERROR("fault:server-error"), DELAY("fault:delay"),
        DROP_CONNECTION("fault:drop-connection");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile Random random = new Random();

    /** Faults for one operation of one service ({@code "*"}: every operation). */
    public Target on(String service, String operation) {
        return new Target(Services.canonical(service), operation);
    }

    /** Makes {@link Scope#fraction} repeatable. */
    public Faults seed(long seed) {
        random = new Random(seed);
        return this;
    }

    /** Removes every fault. */
    public void clear() {
        faults.clear();
    }

    public List<Fault> active() {
        return faults.stream().filter(f -> !f.spent()).toList();
    }

    /** Which faults this call meets (at most one non-delay fault); counts the call against each. */
    synchronized Decision decide(String service, String operation) {
        Duration delay = Duration.ZERO;
        Fault decisive = null;
        for (Fault fault : faults) {
            if (!fault.matches(service, operation) || fault.spent()) {
                continue;
            }
            if (fault.kind == Kind.DELAY) {
                if (fault.fires(random)) {
                    delay = delay.plus(fault.delay);
                }
            } else if (decisive == null && fault.fires(random)) {
                decisive = fault;
            }
        }
        faults.removeIf(Fault::spent);
        return new Decision(delay, decisive == null ? null : decisive.kind);
    }

    record Decision(Duration delay, Kind kind) {
    }

    /** The first stage: which fault. */
    public final class Target {
        private final String service;
        private final String operation;

        private Target(String service, String operation) {
            this.service = service;
            this.operation = operation;
        }

        /** The service's own throttling error (the SDK's {@code isThrottlingException()} is true). */
        public Scope throttle() {
            return new Scope(service, operation, Kind.THROTTLE, Duration.ZERO);
        }

        /** HTTP 500, the service's internal-failure error. */
        public Scope serverError() {
            return new Scope(service, operation, Kind.SERVER_ERROR, Duration.ZERO);
        }

        /** The call reaches moto, and its answer comes {@code delay} late. */
        public Scope delay(Duration delay) {
            return new Scope(service, operation, Kind.DELAY, delay);
        }

        /** The call reaches moto; the connection closes half-way through the answer. */
        public Scope dropConnection() {
            return new Scope(service, operation, Kind.DROP_CONNECTION, Duration.ZERO);
        }
    }

    /** The second stage: which calls. Each method adds the fault and returns it. */
    public final class Scope {
        private final String service;
        private final String operation;
        private final Kind kind;
        private final Duration delay;

        private Scope(String service, String operation, Kind kind, Duration delay) {
            this.service = service;
            this.operation = operation;
            this.kind = kind;
            this.delay = delay;
        }

        /** The next {@code n} matching calls. */
        public Fault nextCalls(int n) {
            return add(new Fault(service, operation, kind, delay, n, 1.0, null));
        }

        /** Each matching call with probability {@code p} (0..1), until cleared. */
        public Fault fraction(double p) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("a fraction is between 0 and 1: " + p);
            }
            return add(new Fault(service, operation, kind, delay, -1, p, null));
        }

        /** Every matching call from now for {@code window}. */
        public Fault forWindow(Duration window) {
            return add(new Fault(service, operation, kind, delay, -1, 1.0, Instant.now().plus(window)));
        }

        /** Every matching call until cleared. */
        public Fault always() {
            return add(new Fault(service, operation, kind, delay, -1, 1.0, null));
        }

        private Fault add(Fault fault) {
            faults.add(fault);
            return fault;
        }
    }

    /** One fault in force. */
    public static final class Fault {
        private final String service;
        private final String operation;
        private final Kind kind;
        private final Duration delay;
        private final AtomicInteger remaining;
        private final double fraction;
        private final Instant until;
        private final AtomicInteger hits = new AtomicInteger();
        private volatile boolean cancelled;

        Fault(String service, String operation, Kind kind, Duration delay, int count, double fraction, Instant until) {
            this.service = service;
            this.operation = operation;
            this.kind = kind;
            this.delay = delay;
            this.remaining = new AtomicInteger(count);
            this.fraction = fraction;
            this.until = until;
        }

        boolean matches(String callService, String callOperation) {
            return service.equals(callService) && (operation.equals("*") || operation.equals(callOperation));
        }

        boolean spent() {
            return cancelled || remaining.get() == 0 || (until != null && Instant.now().isAfter(until));
        }

        boolean fires(Random random) {
            if (fraction < 1.0 && random.nextDouble() >= fraction) {
                return false;
            }
            if (remaining.get() > 0) {
                remaining.decrementAndGet();
            }
            hits.incrementAndGet();
            return true;
        }

        public Kind kind() {
            return kind;
        }

        /** How many calls this fault has hit so far. */
        public int hits() {
            return hits.get();
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public String toString() {
            return kind.label + " on " + service + "." + operation + (remaining.get() >= 0 ? " next " + remaining.get() : "")
                    + (fraction < 1 ? " fraction " + fraction : "") + (until != null ? " until " + until : "")
                    + (kind == Kind.DELAY ? " delay " + delay : "");
        }
    }
}
