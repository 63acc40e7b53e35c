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
 * faults.on("autoscaling", "SetDesiredCapacity").refuse("ValidationError", "...").nextCalls(1);  // a 400 refusal
 * faults.on("dynamodb", "UpdateItem").whenParametersContain("COMPLETED").throttle().always();    // one kind of call
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
        DROP_CONNECTION("fault:drop-connection"), REFUSE("fault:refuse");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile Random random = new Random();

    /** Faults for one operation of one service ({@code "*"}: every operation). */
    public Target on(String service, String operation) {
        return new Target(Services.canonical(service), operation, null);
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
    synchronized Decision decide(String service, String operation, String parameters) {
        Duration delay = Duration.ZERO;
        Fault decisive = null;
        for (Fault fault : faults) {
            if (!fault.matches(service, operation, parameters) || fault.spent()) {
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
        return new Decision(delay, decisive == null ? null : decisive.kind, decisive);
    }

    record Decision(Duration delay, Kind kind, Fault fault) {
    }

    /** The first stage: which fault. */
    public final class Target {
        private final String service;
        private final String operation;
        private final String parametersContain;

        private Target(String service, String operation, String parametersContain) {
            this.service = service;
            this.operation = operation;
            this.parametersContain = parametersContain;
        }

        /**
         * Only the calls whose parameters contain {@code text}: one kind of call among many of one operation
         * (the UpdateItem that completes a record, not the ones before it).
         */
        public Target whenParametersContain(String text) {
            return new Target(service, operation, text);
        }

        /** A refusal no retry fixes: HTTP 400 with the service's error shape, this code and message. */
        public Scope refuse(String code, String message) {
            return new Scope(this, Kind.REFUSE, Duration.ZERO, code, message);
        }

        /** The service's own throttling error (the SDK's {@code isThrottlingException()} is true). */
        public Scope throttle() {
            return new Scope(this, Kind.THROTTLE, Duration.ZERO, null, null);
        }

        /** HTTP 500, the service's internal-failure error. */
        public Scope serverError() {
            return new Scope(this, Kind.SERVER_ERROR, Duration.ZERO, null, null);
        }

        /** The call reaches moto, and its answer comes {@code delay} late. */
        public Scope delay(Duration delay) {
            return new Scope(this, Kind.DELAY, delay, null, null);
        }

        /** The call reaches moto; the connection closes half-way through the answer. */
        public Scope dropConnection() {
            return new Scope(this, Kind.DROP_CONNECTION, Duration.ZERO, null, null);
        }
    }

    /** The second stage: which calls. Each method adds the fault and returns it. */
    public final class Scope {
        private final Target target;
        private final Kind kind;
        private final Duration delay;
        private final String code;
        private final String message;

        private Scope(Target target, Kind kind, Duration delay, String code, String message) {
            this.target = target;
            this.kind = kind;
            this.delay = delay;
            this.code = code;
            this.message = message;
        }

        private Fault fault(int count, double fraction, Instant until) {
            return new Fault(target.service, target.operation, target.parametersContain, kind, delay, count, fraction, until,
                    code, message);
        }

        /** The next {@code n} matching calls. */
        public Fault nextCalls(int n) {
            return add(fault(n, 1.0, null));
        }

        /** Each matching call with probability {@code p} (0..1), until cleared. */
        public Fault fraction(double p) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("a fraction is between 0 and 1: " + p);
            }
            return add(fault(-1, p, null));
        }

        /** Every matching call from now for {@code window}. */
        public Fault forWindow(Duration window) {
            return add(fault(-1, 1.0, Instant.now().plus(window)));
        }

        /** Every matching call until cleared. */
        public Fault always() {
            return add(fault(-1, 1.0, null));
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
        private final String parametersContain;
        private final Kind kind;
        private final Duration delay;
        private final String code;
        private final String message;
        private final AtomicInteger remaining;
        private final double fraction;
        private final Instant until;
        private final AtomicInteger hits = new AtomicInteger();
        private volatile boolean cancelled;

        Fault(String service, String operation, String parametersContain, Kind kind, Duration delay, int count,
              double fraction, Instant until, String code, String message) {
            this.service = service;
            this.operation = operation;
            this.parametersContain = parametersContain;
            this.kind = kind;
            this.delay = delay;
            this.code = code;
            this.message = message;
            this.remaining = new AtomicInteger(count);
            this.fraction = fraction;
            this.until = until;
        }

        boolean matches(String callService, String callOperation, String parameters) {
            return service.equals(callService) && (operation.equals("*") || operation.equals(callOperation))
                    && (parametersContain == null || (parameters != null && parameters.contains(parametersContain)));
        }

        /** The error code and message of a refusal. */
        String code() {
            return code;
        }

        String message() {
            return message;
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
