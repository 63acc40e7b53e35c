package link.buddyverse.ops.replica;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How ReplicaRotatorFunction keeps the read endpoint, from the {@code REPLICA_*} environment variables that
 * template.yaml fills from its parameters. Defaults fit the Buddyverse stack.
 *
 * @param sourceInstance            the primary whose replicas are rotated ({@code REPLICA_SOURCE_INSTANCE})
 * @param privateZoneName           the private hosted zone holding the read name
 * @param hostedZoneId              that zone's id; empty: looked up by name (one more call per reconcile)
 * @param readRecordName            the read endpoint (the core stack's ReadRecordName output)
 * @param ttlSeconds                TTL of each weighted record: how long a client may keep reading a dropped replica
 * @param lagThresholdSeconds       a sample above this (or -1: replication not running) is a bad sample
 * @param badSamples                consecutive bad samples that take a replica out (one spike never does)
 * @param recoveryThresholdSeconds  lower than the lag threshold, so a replica hovering at the threshold cannot flap
 * @param recoveryHoldSeconds       how long every sample must stay under the recovery threshold before it comes back
 * @param missingDataSeconds        no ReplicaLag sample this recent means no data: the replica is out
 * @param lagAlarmPrefix            alarms whose name starts with this are the replica-lag alarms (one per replica)
 * @param parameterName             SSM parameter holding the current read endpoints as JSON
 * @param settleSeconds             the read name stays locked this long after a change, so a reconcile running at the
 *                                  same moment does not repeat it; short, because a change due within it (a replica
 *                                  deleted right after another change) waits for the next minute's reconcile
 */
@ConfigurationProperties("replica")
public record RotationSettings(
        @Bindable(defaultValue = "database1") String sourceInstance,
        @Bindable(defaultValue = "buddyverse.internal") String privateZoneName,
        @Bindable(defaultValue = "") String hostedZoneId,
        @Bindable(defaultValue = "read.db.buddyverse.internal") String readRecordName,
        @Bindable(defaultValue = "5") int ttlSeconds,
        @Bindable(defaultValue = "30") double lagThresholdSeconds,
        @Bindable(defaultValue = "3") int badSamples,
        @Bindable(defaultValue = "10") double recoveryThresholdSeconds,
        @Bindable(defaultValue = "300") int recoveryHoldSeconds,
        @Bindable(defaultValue = "300") int missingDataSeconds,
        @Bindable(defaultValue = "Buddy-Replica-Lag") String lagAlarmPrefix,
        @Bindable(defaultValue = "/buddyverse/db/read-endpoints") String parameterName,
        @Bindable(defaultValue = "2") int settleSeconds) {

    /** ReplicaLag is published once a minute. */
    public static final int SAMPLE_PERIOD_SECONDS = 60;

    public RotationSettings {
        if (badSamples < 1) {
            throw new IllegalArgumentException("REPLICA_BAD_SAMPLES must be at least 1, got " + badSamples);
        }
        if (recoveryThresholdSeconds > lagThresholdSeconds) {
            throw new IllegalArgumentException("REPLICA_RECOVERY_THRESHOLD_SECONDS (" + recoveryThresholdSeconds
                    + ") must not exceed REPLICA_LAG_THRESHOLD_SECONDS (" + lagThresholdSeconds + "): that is the hysteresis");
        }
    }

    /** The read name as Route 53 spells it, with the final dot. */
    public String recordFqdn() {
        return readRecordName.endsWith(".") ? readRecordName : readRecordName + ".";
    }

    /** Enough minutes of samples for N bad ones and the missing-data check, with two periods of CloudWatch delay. */
    public Duration sampleWindow() {
        long periods = Math.max(badSamples, (missingDataSeconds + SAMPLE_PERIOD_SECONDS - 1) / SAMPLE_PERIOD_SECONDS) + 2;
        return Duration.ofSeconds(periods * SAMPLE_PERIOD_SECONDS);
    }
}
