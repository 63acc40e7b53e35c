package link.buddyverse.ops.efs;

/** What one of the file system's alarms says when it is in ALARM. */
public enum AlarmRole {
    /** BurstCreditBalance is low: in bursting mode the file system is about to drop to its baseline throughput. */
    CREDITS_LOW,
    /** The permitted throughput is used up: every client is held at the ceiling. */
    THROUGHPUT_HIGH,
    /** PercentIOLimit is high: General Purpose's IO limit, which no setting raises in place. */
    IO_LIMIT_HIGH;

    /** Whether this alarm in ALARM asks for more throughput (elastic). */
    public boolean wantsThroughput() {
        return this != IO_LIMIT_HIGH;
    }
}
