package link.buddyverse.ops.replica;

import java.time.Instant;

/** One ReplicaLag datapoint (the period's maximum); RDS reports -1 when replication is not running. */
public record LagSample(Instant at, double seconds) {
}
