package link.buddyverse.ops.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hysteresis on its own, at its bounds: no AWS, no clock. */
class ReplicaHealthRulesTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:20Z");
    final RotationSettings settings = new RotationSettings("database1", "buddyverse.internal", "", "read.db.buddyverse.internal",
            5, 30, 3, 10, 300, 300, "Buddy-Replica-Lag", "/buddyverse/db/read-endpoints", 5);
    final ReplicaHealthRules rules = new ReplicaHealthRules(settings);
    final DbInstance replica = new DbInstance("database1-replica", "available", "r.example", "replicating");

    @Test
    void exactlyTheThresholdIsNotABadSampleButMinusOneIs() {
        ReplicaHealth in = new ReplicaHealth(true, 0, null, NOW);

        assertThat(rules.judge(replica, in, true, samples(30, 30, 30), NOW).health().phase()).isEqualTo("in");
        assertThat(rules.judge(replica, in, true, samples(-1, -1, -1), NOW).health().phase()).isEqualTo("out");
    }

    @Test
    void twoBadSamplesOfThreeKeepTheReplicaLagging() {
        ReplicaHealthRules.Verdict verdict = rules.judge(replica, null, true, samples(1, 31, 31), NOW);

        assertThat(verdict.health().phase()).isEqualTo("lagging");
        assertThat(verdict.health().badSamples()).isEqualTo(2);
    }

    @Test
    void aBrokenReplicationTakesTheReplicaOutWhateverItsLag() {
        DbInstance broken = new DbInstance("database1-replica", "available", "r.example", "error");

        assertThat(rules.judge(broken, null, true, samples(0, 0, 0), NOW).reason()).isEqualTo("out: replication error");
    }

    @Test
    void aNewReplicaNotYetInTheRecordsStartsOutAndRecovers() {
        assertThat(rules.judge(replica, null, false, samples(0, 0, 0), NOW).health().phase()).isEqualTo("recovering");
    }

    @Test
    void lagBetweenTheTwoThresholdsNeitherTakesInNorBringsBack() {
        assertThat(rules.judge(replica, null, true, samples(20, 20, 20), NOW).health().phase()).isEqualTo("in");
        assertThat(rules.judge(replica, null, false, samples(20, 20, 20), NOW).health().phase()).isEqualTo("out");
    }

    /** One sample a minute, the last in the current minute. */
    static List<LagSample> samples(double... seconds) {
        Instant minute = Instant.parse("2026-11-25T10:00:00Z");
        return java.util.stream.IntStream.range(0, seconds.length)
                .mapToObj(i -> new LagSample(minute.minusSeconds(60L * (seconds.length - 1 - i)), seconds[i])).toList();
    }
}
