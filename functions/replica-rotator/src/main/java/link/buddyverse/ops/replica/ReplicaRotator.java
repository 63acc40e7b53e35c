package link.buddyverse.ops.replica;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.PlanningFunction;
import link.buddyverse.ops.kit.handler.Work;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import link.buddyverse.ops.kit.state.FunctionMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReplicaRotatorFunction's decisions. Every trigger it takes (an RDS event about the source or a replica, a
 * replica-lag alarm changing state, the minute's schedule) runs the same reconcile: observe the source, its
 * replicas, their lag and the read name, judge each replica against its remembered hysteresis, and plan only what
 * differs. Events only make the reconcile come sooner than the next minute.
 */
@Singleton
public class ReplicaRotator implements PlanningFunction {

    public static final String NAME = "ReplicaRotatorFunction";

    /**
     * The RDS DB instance events that can change which instances may serve reads (the RDS User Guide's "Amazon RDS
     * event categories and event messages"); every other RDS event is skipped.
     */
    static final Map<String, String> HANDLED_RDS_EVENTS = Map.ofEntries(
            Map.entry("RDS-EVENT-0003", "deletion: the DB instance has been deleted"),
            Map.entry("RDS-EVENT-0004", "availability: DB instance shutdown"),
            Map.entry("RDS-EVENT-0005", "creation: DB instance created"),
            Map.entry("RDS-EVENT-0006", "availability: DB instance restarted"),
            Map.entry("RDS-EVENT-0013", "failover: a Multi-AZ failover that promotes the standby has begun"),
            Map.entry("RDS-EVENT-0015", "failover: the Multi-AZ failover to the standby is complete"),
            Map.entry("RDS-EVENT-0022", "availability: an error occurred while restarting MySQL"),
            Map.entry("RDS-EVENT-0045", "read replica: an error occurred in the read replication process"),
            Map.entry("RDS-EVENT-0046", "read replica: the read replica resumed replication"),
            Map.entry("RDS-EVENT-0047", "read replica: replication on the read replica was terminated"),
            Map.entry("RDS-EVENT-0049", "failover: the Multi-AZ failover is complete"),
            Map.entry("RDS-EVENT-0057", "read replica: replication streaming on the read replica was terminated"),
            Map.entry("RDS-EVENT-0062", "read replica: replication on the read replica was manually stopped"),
            Map.entry("RDS-EVENT-0087", "notification: the DB instance has been stopped"),
            Map.entry("RDS-EVENT-0088", "notification: the DB instance has been started"),
            Map.entry("RDS-EVENT-0154", "notification: the DB instance is being started after the maximum time stopped"),
            Map.entry("RDS-EVENT-0202", "read replica: read replica creation failed"));

    /** Compare-and-set attempts when another reconcile remembers first; each re-reads AWS too. */
    private static final int MEMORY_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRotator.class);

    private final RotationSettings settings;
    private final RotationObserver observer;
    private final RotationPlanner planner;
    private final FunctionMemory memory;
    private final JsonMapper jsonMapper;

    public ReplicaRotator(RotationSettings settings, RotationObserver observer, FunctionMemory memory, JsonMapper jsonMapper) {
        this.settings = settings;
        this.observer = observer;
        this.memory = memory;
        this.jsonMapper = jsonMapper;
        this.planner = new RotationPlanner(settings, new ReadEndpointsDocument(jsonMapper));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return Set.of(RdsInstanceEvent.class, AlarmStateChange.class, ScheduledCheck.class);
    }

    /** The alarm's state is never copied: any state change of a lag alarm only makes the reconcile come sooner. */
    private boolean isLagAlarm(String alarmName) {
        return alarmName.startsWith(settings.lagAlarmPrefix());
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (trigger instanceof AlarmStateChange alarm && !isLagAlarm(alarm.alarmName())) {
            return Optional.of("alarm '" + alarm.alarmName() + "' is not a replica-lag alarm (those start with '"
                    + settings.lagAlarmPrefix() + "')");
        }
        if (trigger instanceof RdsInstanceEvent rds && (rds.rdsEventId() == null
                || !HANDLED_RDS_EVENTS.containsKey(rds.rdsEventId()))) {
            return Optional.of("RDS event " + (rds.rdsEventId() == null ? "without an EventID" : rds.rdsEventId())
                    + " on " + rds.instance() + " cannot change which instances serve reads");
        }
        return Optional.empty();
    }

    /** Observe and decide, remembering nothing: what dry-run and a plan-only caller see. */
    @Override
    public Plan plan(Trigger trigger, Instant now) {
        return decide(read(), now).plan();
    }

    /**
     * Decide, remember the hysteresis (compare-and-set, so two reconciles of the same moment cannot both count it),
     * then apply. Losing the race means another reconcile decided from the same memory: read everything again.
     */
    @Override
    public OpsResult work(Trigger trigger, Work work) {
        for (int attempt = 1; attempt <= MEMORY_ATTEMPTS; attempt++) {
            FunctionMemory.Remembered read = memory.read(NAME, settings.readRecordName());
            RotationMemory remembered = read.version() == 0 ? RotationMemory.EMPTY : decode(read.data());
            RotationPlanner.Rotation rotation = decide(remembered, work.now());
            if (work.dryRun() || rotation.memory().equals(remembered)
                    || memory.write(NAME, settings.readRecordName(), read, encode(rotation.memory()), work.now())) {
                return work.carryOut(rotation.plan());
            }
            LOG.info("another reconcile of {} remembered first (attempt {}): observing again", settings.readRecordName(), attempt);
        }
        return work.carryOut(Plan.nothing("no action: " + MEMORY_ATTEMPTS + " concurrent reconciles of "
                + settings.readRecordName() + " remembered first; they keep the read endpoint"));
    }

    private RotationPlanner.Rotation decide(RotationMemory remembered, Instant now) {
        try {
            return planner.plan(observer.observe(now), remembered, now);
        } catch (RotationObserver.MissingZoneException missing) {
            return new RotationPlanner.Rotation(remembered, new Plan(List.of(), java.time.Duration.ZERO,
                    List.of(missing.getMessage()), List.of("no action: " + missing.getMessage())), List.of());
        }
    }

    private RotationMemory read() {
        FunctionMemory.Remembered read = memory.read(NAME, settings.readRecordName());
        return read.version() == 0 ? RotationMemory.EMPTY : decode(read.data());
    }

    private RotationMemory decode(String json) {
        try {
            return jsonMapper.readValue(json, RotationMemory.class);
        } catch (IOException e) {
            // A record no version of this function wrote: start afresh rather than never reconcile again.
            LOG.warn("the remembered rotation is unreadable, starting afresh: {}", e.getMessage());
            return RotationMemory.EMPTY;
        }
    }

    private String encode(RotationMemory rotation) {
        try {
            return jsonMapper.writeValueAsString(rotation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Priming: a lagging replica leaves and reads fall back to the primary, on sample state, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        Instant now = sample.time();
        DbInstance source = new DbInstance("priming-source", "available", "priming-source.example", null);
        DbInstance replica = new DbInstance("priming-replica", "available", "priming-replica.example", "replicating");
        List<LagSample> lag = List.of(new LagSample(now.minusSeconds(180), 45), new LagSample(now.minusSeconds(120), 60),
                new LagSample(now.minusSeconds(60), 75));
        Observed observed = new Observed(new Fleet(source, List.of(replica), List.of()), Map.of(replica.id(), lag),
                "PRIMINGZONE", settings.recordFqdn(), List.of(new ReadRecord(replica.id(), replica.address(), settings.ttlSeconds(), 1L)),
                Optional.empty());
        Plan plan = planner.plan(observed, RotationMemory.EMPTY, now).plan();
        return new OpsResult(NAME, "dry-run", TriggerView.of(sample), plan.actions().stream().map(PlannedAction::of).toList(),
                List.of(), plan.warnings(), plan.notes(), null);
    }
}
