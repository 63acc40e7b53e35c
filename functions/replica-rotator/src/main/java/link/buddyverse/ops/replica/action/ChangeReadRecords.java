package link.buddyverse.ops.replica.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.replica.ReadRecord;

/**
 * Rewrites the read name's records in one ChangeResourceRecordSets batch (Route 53 applies a batch atomically, so
 * the name never resolves to nothing in between).
 *
 * @param changes the batch, in order
 * @param records the records under the name once applied (the absolute target: a retry checks against it)
 */
@Serdeable
public record ChangeReadRecords(String zoneId, String recordName, List<RecordChange> changes, List<ReadRecord> records,
                                String before, String after, String reason) implements ChangeOfReadEndpoint {

    /** Route 53 takes at most 1,000 changes a batch; 15 replicas, the primary and a simple record are 17 at most. */
    static final int MAX_CHANGES = 1000;

    @Override
    public String resource() {
        // One lock with PublishReadEndpoints whatever the zone's spelling: both lock the name with its final dot.
        return recordName.endsWith(".") ? recordName : recordName + ".";
    }

    @Override
    public Optional<String> boundsViolation() {
        if (records.isEmpty()) {
            return Optional.of("the batch would leave " + recordName + " with no record: the name must always resolve");
        }
        if (changes.isEmpty() || changes.size() > MAX_CHANGES) {
            return Optional.of(changes.size() + " changes: a batch holds 1 to " + MAX_CHANGES);
        }
        return Optional.empty();
    }
}
