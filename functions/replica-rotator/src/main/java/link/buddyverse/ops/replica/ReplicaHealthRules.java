package link.buddyverse.ops.replica;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The hysteresis of one replica, pure: (what it was, its status, its lag samples, now) -> what it is now and why.
 * <pre>
 *   in --bad sample--> lagging --N consecutive bad--> out --sample under the recovery threshold--> recovering
 *   lagging --good sample--> in;  recovering --sample not under it--> out;  recovering --hold time--> in
 *   any --not available, replication broken, no lag data--> out
 * </pre>
 * Bad samples are counted from CloudWatch's own datapoints (the newest ones, consecutively), so two reconciles in
 * the same minute count a sample once; the recovery clock starts at the reconcile that first sees a good sample
 * (never earlier than the function knew), and every sample after it must stay good.
 */
public class ReplicaHealthRules {

    /** What became of one replica this reconcile. */
    public record Verdict(String replica, ReplicaHealth health, String reason) {
    }

    private final RotationSettings settings;

    public ReplicaHealthRules(RotationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param previous     what was remembered, or null (a replica seen for the first time)
     * @param inRecordsNow whether the read name points at it now: a first-seen replica already serving keeps serving
     * @param samples      its ReplicaLag samples, oldest first
     */
    public Verdict judge(DbInstance replica, @Nullable ReplicaHealth previous, boolean inRecordsNow,
                         List<LagSample> samples, Instant now) {
        ReplicaHealth was = previous != null ? previous : new ReplicaHealth(inRecordsNow, 0, null, now);
        if (!replica.serving()) {
            return out(replica, was, now, replica.condition());
        }
        Instant freshAfter = now.minusSeconds(settings.missingDataSeconds());
        if (samples.isEmpty() || samples.get(samples.size() - 1).at().isBefore(freshAfter)) {
            return out(replica, was, now, "no ReplicaLag sample in the last " + settings.missingDataSeconds() + " s");
        }
        LagSample newest = samples.get(samples.size() - 1);
        if (was.inRotation()) {
            int bad = trailingBad(samples);
            if (bad >= settings.badSamples()) {
                return new Verdict(replica.id(), new ReplicaHealth(false, 0, null, now), "lag above "
                        + seconds(settings.lagThresholdSeconds()) + " s for " + bad + " consecutive samples (latest "
                        + lag(newest) + ")");
            }
            ReplicaHealth stays = new ReplicaHealth(true, bad, null, was.since());
            return new Verdict(replica.id(), stays, bad > 0
                    ? "lagging: " + bad + " of " + settings.badSamples() + " bad samples (latest " + lag(newest) + ")"
                    : "current (lag " + lag(newest) + ")");
        }
        if (!recovered(newest)) {
            return new Verdict(replica.id(), new ReplicaHealth(false, 0, null, was.since()),
                    "out: lag " + lag(newest) + " is not under the recovery threshold of "
                            + seconds(settings.recoveryThresholdSeconds()) + " s");
        }
        Instant remembered = was.recoveringSince();
        boolean heldSince = remembered != null
                && samples.stream().filter(s -> !s.at().isBefore(remembered)).allMatch(this::recovered);
        Instant since = heldSince ? remembered : now;
        Duration held = Duration.between(since, now);
        if (held.getSeconds() >= settings.recoveryHoldSeconds()) {
            return new Verdict(replica.id(), new ReplicaHealth(true, 0, null, now), "back in rotation: lag under "
                    + seconds(settings.recoveryThresholdSeconds()) + " s for " + held.getSeconds() + " s (hold "
                    + settings.recoveryHoldSeconds() + " s)");
        }
        return new Verdict(replica.id(), new ReplicaHealth(false, 0, since, was.since()), "recovering: lag "
                + lag(newest) + ", under " + seconds(settings.recoveryThresholdSeconds()) + " s for " + held.getSeconds()
                + " of " + settings.recoveryHoldSeconds() + " s");
    }

    private Verdict out(DbInstance replica, ReplicaHealth was, Instant now, String why) {
        Instant since = was.inRotation() ? now : was.since();
        return new Verdict(replica.id(), new ReplicaHealth(false, 0, null, since), "out: " + why);
    }

    private int trailingBad(List<LagSample> samples) {
        int bad = 0;
        for (int i = samples.size() - 1; i >= 0 && isBad(samples.get(i)); i--) {
            bad++;
        }
        return bad;
    }

    /** -1 is RDS's "replication is not running": never current, whatever the threshold. */
    private boolean isBad(LagSample sample) {
        return sample.seconds() < 0 || sample.seconds() > settings.lagThresholdSeconds();
    }

    private boolean recovered(LagSample sample) {
        return sample.seconds() >= 0 && sample.seconds() < settings.recoveryThresholdSeconds();
    }

    private static String lag(LagSample sample) {
        return sample.seconds() < 0 ? "-1 (replication not running)" : seconds(sample.seconds()) + " s";
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
