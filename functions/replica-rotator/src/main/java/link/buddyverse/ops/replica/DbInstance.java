package link.buddyverse.ops.replica;

import io.micronaut.core.annotation.Nullable;

/**
 * One RDS instance as DescribeDBInstances shows it: the source or one of its replicas.
 *
 * @param replication the read replication status (replicating, error, stopped, terminated...), when RDS reports one
 */
public record DbInstance(String id, String status, @Nullable String address, @Nullable String replication) {

    /** Serves reads: available, with an address, and replication not broken. */
    public boolean serving() {
        return "available".equals(status) && address != null
                && (replication == null || "replicating".equals(replication));
    }

    public String condition() {
        if (!"available".equals(status)) {
            return "status " + status;
        }
        if (address == null) {
            return "no endpoint yet";
        }
        return replication == null || "replicating".equals(replication) ? "available" : "replication " + replication;
    }
}
