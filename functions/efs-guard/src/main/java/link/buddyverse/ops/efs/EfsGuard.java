package link.buddyverse.ops.efs;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.event.AlarmState;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.PlanningFunction;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;

/**
 * EfsGuardFunction's decisions: which alarm means what, what to observe, and the planner's verdict. The hourly
 * schedule re-checks what events alone would miss: credits that recovered slowly (no alarm changes state then),
 * alarms still in ALARM after a change was not yet allowed, an episode whose OK never arrived.
 */
@Singleton
public class EfsGuard implements PlanningFunction {

    public static final String NAME = "EfsGuardFunction";

    private final EfsGuardSettings settings;
    private final ManagedAlarms alarms;
    private final EfsObserver observer;
    private final EfsPlanner planner;

    public EfsGuard(EfsGuardSettings settings, ManagedAlarms alarms, EfsObserver observer) {
        this.settings = settings;
        this.alarms = alarms;
        this.observer = observer;
        this.planner = new EfsPlanner(settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return Set.of(AlarmStateChange.class, ScheduledCheck.class);
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (!(trigger instanceof AlarmStateChange alarm)) {
            return Optional.empty();
        }
        Optional<String> notManaged = alarms.notManaged(alarm.alarmName(), NAME);
        if (notManaged.isPresent()) {
            return notManaged;
        }
        if (alarm.state() == AlarmState.INSUFFICIENT_DATA) {
            return Optional.of("alarm '" + alarm.alarmName() + "' is INSUFFICIENT_DATA: neither a limit reached nor a recovery");
        }
        return Optional.empty();
    }

    @Override
    public Plan plan(Trigger trigger, Instant now) {
        Optional<FileSystemState> found = observer.fileSystem(settings.fileSystem());
        if (found.isEmpty()) {
            return new Plan(List.of(), Duration.ZERO, List.of("file system '" + settings.fileSystem()
                    + "' does not exist: check EFS_FILE_SYSTEM"), List.of("no action: the file system does not exist"));
        }
        FileSystemState fs = found.get();
        if (!fs.available()) {
            return Plan.nothing("no action: " + fs.id() + " is " + fs.lifeCycleState() + ", not available");
        }
        GuardMemory memory = observer.memory(fs.id());
        if (trigger instanceof AlarmStateChange alarm) {
            AlarmRole role = alarms.roleOf(alarm.alarmName()).orElseThrow();
            boolean firing = alarm.state() == AlarmState.ALARM;
            if (role == AlarmRole.IO_LIMIT_HIGH) {
                return firing ? ioLimit(alarm.alarmName(), fs, memory, alarm.time(), now) : planner.ioCleared(alarm.alarmName(), fs, memory);
            }
            return firing ? planner.moreThroughput(alarm.alarmName(), fs, memory, now) : recovery(fs, memory, now);
        }
        return scheduled(fs, memory, now);
    }

    private Plan scheduled(FileSystemState fs, GuardMemory memory, Instant now) {
        List<String> firing = observer.alarmsInAlarm(alarms.names());
        List<String> wantThroughput = firing.stream().filter(name -> alarms.roleOf(name).orElseThrow().wantsThroughput()).toList();
        Plan throughput = wantThroughput.isEmpty() ? recovery(fs, memory, now)
                : planner.moreThroughput(wantThroughput.get(0), fs, memory, now);
        if (!throughput.isEmpty()) {
            return throughput;
        }
        Optional<String> ioFiring = firing.stream().filter(name -> alarms.roleOf(name).orElseThrow() == AlarmRole.IO_LIMIT_HIGH)
                .findFirst();
        Plan io = ioFiring.isPresent() ? ioLimit(ioFiring.get(), fs, memory, now, now)
                : memory.ioEpisode() != null && memory.ioEpisode().endedAt() == null
                ? planner.ioCleared(alarms.withRole(AlarmRole.IO_LIMIT_HIGH).stream().findFirst().orElse("IO limit alarm"), fs, memory)
                : Plan.nothing("no IO-limit alarm is in ALARM");
        return new Plan(io.actions(), io.cooldown(), concat(throughput.warnings(), io.warnings()),
                concat(throughput.notes(), io.isEmpty() ? io.notes() : List.of()));
    }

    private Plan recovery(FileSystemState fs, GuardMemory memory, Instant now) {
        List<String> firing = observer.alarmsInAlarm(alarms.names()).stream()
                .filter(name -> alarms.roleOf(name).orElseThrow().wantsThroughput()).toList();
        MetricSeries credits = fs.elastic() ? observer.creditBalance(fs.id(), Duration.ofHours(settings.recoveredHours()), now) : null;
        return planner.recovery(fs, memory, credits, firing, now);
    }

    private Plan ioLimit(String alarm, FileSystemState fs, GuardMemory memory, Instant episodeStart, Instant now) {
        MetricSeries io = observer.ioLimit(fs.id(), Duration.ofMinutes(settings.ioEvidenceMinutes()), now);
        return planner.ioLimit(alarm, fs, memory, io, episodeStart, now);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Priming: the credits-low path against a sample bursting file system, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        AlarmStateChange alarm = (AlarmStateChange) sample;
        FileSystemState fs = new FileSystemState("fs-priming", "priming", FileSystemState.BURSTING, "generalPurpose", "available");
        Plan plan = planner.moreThroughput(alarm.alarmName(), fs, GuardMemory.NOTHING, alarm.time());
        return new OpsResult(NAME, "dry-run", TriggerView.of(alarm), plan.actions().stream().map(PlannedAction::of).toList(),
                List.of(), plan.warnings(), plan.notes(), null);
    }
}
