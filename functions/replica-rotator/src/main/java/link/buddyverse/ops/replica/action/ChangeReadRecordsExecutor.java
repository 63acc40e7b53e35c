package link.buddyverse.ops.replica.action;

import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.replica.ReadRecordsReader;
import link.buddyverse.ops.replica.ReadRecord;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

@Singleton
public class ChangeReadRecordsExecutor implements ActionExecutor<ChangeReadRecords> {

    private final Route53Client route53;
    private final ReadRecordsReader reader;

    public ChangeReadRecordsExecutor(Route53Client route53, ReadRecordsReader reader) {
        this.route53 = route53;
        this.reader = reader;
    }

    @Override
    public Class<ChangeReadRecords> actionType() {
        return ChangeReadRecords.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("route53:ChangeResourceRecordSets");
    }

    /**
     * The records as Route 53 holds them now: the target set is {@code after}; any other set is compared by Route 53
     * itself, which refuses a batch whose DELETEs do not match what exists (InvalidChangeBatch), and the kit then reads
     * the records again to tell a moved endpoint from a refusal the current records still produce.
     */
    @Override
    public Current current(ChangeReadRecords action) {
        if (new HashSet<>(reader.records(action.zoneId(), action.recordName())).equals(new HashSet<>(action.records()))) {
            return new Current.After(action.after());
        }
        return Current.notReadable("Route 53 checks the batch's DELETEs against the records as a whole");
    }

    @Override
    public void execute(ChangeReadRecords action) {
        List<Change> changes = action.changes().stream().map(change -> Change.builder().action(change.change())
                .resourceRecordSet(recordSet(action.recordName(), change.record())).build()).toList();
        try {
            route53.changeResourceRecordSets(b -> b.hostedZoneId(action.zoneId())
                    .changeBatch(batch -> batch.comment("ReplicaRotatorFunction: " + abbreviate(action.reason()))
                            .changes(changes)));
        } catch (InvalidChangeBatchException refused) {
            // A DELETE of a record already deleted is refused: when an earlier attempt applied this batch and its
            // mark was lost, the records are already the target, and that is success.
            if (!new HashSet<>(reader.records(action.zoneId(), action.recordName())).equals(new HashSet<>(action.records()))) {
                throw refused;
            }
        }
    }

    static ResourceRecordSet recordSet(String name, ReadRecord record) {
        return ResourceRecordSet.builder().name(name).type("CNAME").ttl(record.ttl())
                .setIdentifier(record.setIdentifier()).weight(record.weight())
                .resourceRecords(ResourceRecord.builder().value(record.value()).build()).build();
    }

    // Route 53 keeps at most 256 characters of a batch comment.
    private static String abbreviate(String reason) {
        return reason.length() <= 200 ? reason : reason.substring(0, 197) + "...";
    }
}
