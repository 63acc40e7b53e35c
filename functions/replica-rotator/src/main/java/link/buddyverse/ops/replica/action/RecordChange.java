package link.buddyverse.ops.replica.action;

import io.micronaut.serde.annotation.Serdeable;
import link.buddyverse.ops.replica.ReadRecord;

/** One change of a ChangeResourceRecordSets batch: UPSERT or DELETE of a record exactly as it is (or will be). */
@Serdeable
public record RecordChange(String change, ReadRecord record) {

    public static RecordChange upsert(ReadRecord record) {
        return new RecordChange("UPSERT", record);
    }

    public static RecordChange delete(ReadRecord record) {
        return new RecordChange("DELETE", record);
    }

    public boolean isDelete() {
        return "DELETE".equals(change);
    }
}
