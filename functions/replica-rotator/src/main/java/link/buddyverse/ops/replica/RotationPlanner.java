package link.buddyverse.ops.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.replica.action.ChangeReadRecords;
import link.buddyverse.ops.replica.action.PublishReadEndpoints;
import link.buddyverse.ops.replica.action.RecordChange;

/**
 * Pure decisions: (observed fleet, lag, records and parameter, remembered hysteresis, settings, now) -> the next
 * memory and a plan that changes only what differs. No AWS, no clock.
 */
public class RotationPlanner {

    /** The decision: what to remember, what to change, and each replica's verdict. */
    public record Rotation(RotationMemory memory, Plan plan, List<ReplicaHealthRules.Verdict> verdicts) {
    }

    /** Every record the function writes has this weight: equal weights, equal shares of the reads. */
    static final long WEIGHT = 1;

    private final RotationSettings settings;
    private final ReplicaHealthRules rules;
    private final ReadEndpointsDocument document;

    public RotationPlanner(RotationSettings settings, ReadEndpointsDocument document) {
        this.settings = settings;
        this.rules = new ReplicaHealthRules(settings);
        this.document = document;
    }

    public Rotation plan(Observed observed, RotationMemory memory, Instant now) {
        Fleet fleet = observed.fleet();
        List<String> notes = new ArrayList<>();
        fleet.ignored().forEach(ignored -> notes.add("ignored " + ignored));
        if (fleet.source() == null) {
            return new Rotation(memory, new Plan(List.of(), Duration.ZERO, List.of("source instance '"
                    + settings.sourceInstance() + "' does not exist: the read endpoint is left as it is; check"
                    + " REPLICA_SOURCE_INSTANCE"), List.of("no action: the source instance does not exist")), List.of());
        }
        if (!fleet.source().serving()) {
            return new Rotation(memory, new Plan(List.of(), Duration.ZERO, List.of("source " + fleet.source().id()
                    + " is not available (" + fleet.source().condition() + "): the read endpoint is left as it is,"
                    + " there is nothing better to point it at"), List.of("no action: the source is "
                    + fleet.source().condition())), List.of());
        }
        Set<String> inRecords = new HashSet<>();
        observed.records().forEach(record -> inRecords.add(record.setIdentifier()));
        Map<String, ReplicaHealth> next = new LinkedHashMap<>();
        List<ReplicaHealthRules.Verdict> verdicts = new ArrayList<>();
        List<ReadRecord> desired = new ArrayList<>();
        for (DbInstance replica : fleet.replicas()) {
            ReplicaHealthRules.Verdict verdict = rules.judge(replica, memory.replicas().get(replica.id()),
                    inRecords.contains(replica.id()), observed.lag().getOrDefault(replica.id(), List.of()), now);
            verdicts.add(verdict);
            next.put(replica.id(), verdict.health());
            notes.add(replica.id() + ": " + verdict.health().phase() + " (" + verdict.reason() + ")");
            if (verdict.health().inRotation()) {
                desired.add(new ReadRecord(replica.id(), replica.address(), settings.ttlSeconds(), WEIGHT));
            }
        }
        List<String> warnings = new ArrayList<>();
        boolean onPrimary = desired.isEmpty();
        if (onPrimary) {
            desired.add(new ReadRecord(fleet.source().id(), fleet.source().address(), settings.ttlSeconds(), WEIGHT));
            warnings.add("critical: reads are on the primary " + fleet.source().id() + ": "
                    + (fleet.replicas().isEmpty() ? "it has no replica in this region" : "no replica is in rotation ("
                    + String.join("; ", verdicts.stream().map(v -> v.replica() + " " + v.reason()).toList()) + ")"));
        }
        List<Action> actions = new ArrayList<>();
        List<RecordChange> changes = changes(observed.records(), desired);
        String before = names(observed.records());
        String after = names(desired);
        String why = onPrimary ? "no replica in rotation: reads fall back to the primary"
                : "in rotation: " + String.join(", ", desired.stream().map(ReadRecord::setIdentifier).toList());
        if (!changes.isEmpty()) {
            actions.add(new ChangeReadRecords(observed.zoneId(), observed.recordName(), changes, desired, before, after, why));
        }
        String value = document.of(settings.readRecordName(), desired, onPrimary);
        if (!observed.parameter().map(value::equals).orElse(false)) {
            actions.add(new PublishReadEndpoints(settings.recordFqdn(), settings.parameterName(), value,
                    observed.parameter().isPresent() ? before : "(none)", after, why));
        }
        if (actions.isEmpty()) {
            notes.add(0, "no action: " + settings.readRecordName() + " already points at " + after);
        }
        return new Rotation(new RotationMemory(next), new Plan(actions, Duration.ofSeconds(settings.settleSeconds()),
                warnings, notes), verdicts);
    }

    /** DELETE what must go (before the UPSERTs: Route 53 checks a batch as a whole), UPSERT what is new or differs. */
    static List<RecordChange> changes(List<ReadRecord> current, List<ReadRecord> desired) {
        Set<String> desiredIds = new HashSet<>();
        desired.forEach(record -> desiredIds.add(record.setIdentifier()));
        List<RecordChange> changes = new ArrayList<>();
        for (ReadRecord record : current) {
            // A simple record (no identifier) cannot live beside weighted ones of the same name: it goes too.
            if (record.setIdentifier() == null || !desiredIds.contains(record.setIdentifier())) {
                changes.add(RecordChange.delete(record));
            }
        }
        for (ReadRecord record : desired) {
            if (!current.contains(record)) {
                changes.add(RecordChange.upsert(record));
            }
        }
        return changes;
    }

    private static String names(List<ReadRecord> records) {
        return records.isEmpty() ? "(no record)"
                : String.join(", ", records.stream().map(r -> r.setIdentifier() == null ? r.value() : r.setIdentifier()).toList());
    }
}
