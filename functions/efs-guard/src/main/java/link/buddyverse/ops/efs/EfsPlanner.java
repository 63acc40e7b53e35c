package link.buddyverse.ops.efs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import link.buddyverse.ops.efs.action.MarkIoLimitEpisode;
import link.buddyverse.ops.efs.action.ReportIoLimitEpisode;
import link.buddyverse.ops.efs.action.SetThroughputMode;
import link.buddyverse.ops.kit.plan.Plan;

/**
 * Pure decisions: (what fired, the file system, what is remembered, recent metrics, settings, now) -> plan. No AWS,
 * no clock of its own, so every rule (the 24 hours, the recovery window, the episode) is tested at its bounds.
 */
public class EfsPlanner {

    /** A datapoint every 5 minutes: the credits series must start within two periods of the window's start. */
    static final Duration COVERAGE_SLACK = Duration.ofMinutes(10);
    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    static final String RECOMMENDATION = "General Purpose's IO limit cannot be raised in place (a file system's performance"
            + " mode is fixed at creation). Cut the file operations the site makes on /mnt/efs (PHP opcache with"
            + " validate_timestamps off, static assets served from local disk or a CDN), or create a new file system"
            + " and move the files; AWS recommends General Purpose with Elastic throughput over Max I/O";

    private final EfsGuardSettings settings;

    public EfsPlanner(EfsGuardSettings settings) {
        this.settings = settings;
    }

    /** An alarm asking for throughput (credits low, throughput used up) is in ALARM. */
    public Plan moreThroughput(String alarm, FileSystemState fs, GuardMemory memory, Instant now) {
        if (fs.elastic()) {
            return Plan.nothing("no action: " + fs.id() + " is already in elastic throughput mode (" + alarm + " is in ALARM)");
        }
        if (!fs.bursting()) {
            return Plan.nothing("no action: " + fs.id() + " is in " + fs.throughputMode() + " throughput mode, which the"
                    + " owners chose; " + alarm + " is in ALARM");
        }
        Instant allowed = memory.nextModeChangeAllowed();
        if (now.isBefore(allowed)) {
            return new Plan(List.of(), Duration.ZERO, List.of(alarm + " is in ALARM but " + fs.id() + " cannot leave bursting"
                    + " mode before " + allowed + ": AWS allows one throughput mode change in 24 hours"),
                    List.of("not yet: the next throughput mode change of " + fs.id() + " is allowed from " + allowed));
        }
        return new Plan(List.of(new SetThroughputMode(fs.id(), fs.throughputMode(), FileSystemState.ELASTIC,
                alarm + " is in ALARM: elastic throughput instead of the baseline once burst credits run out")),
                cooldown(), List.of(), List.of());
    }

    /** Nothing asks for throughput any more: back to bursting, when this function made it elastic and all allow it. */
    public Plan recovery(FileSystemState fs, GuardMemory memory, MetricSeries credits, List<String> firing, Instant now) {
        if (!fs.elastic()) {
            return Plan.nothing("no action: " + fs.id() + " is in " + fs.throughputMode() + " throughput mode");
        }
        if (memory.lastChange() == null || !FileSystemState.ELASTIC.equals(memory.lastChange().to())) {
            return Plan.nothing("no action: " + fs.id() + " is elastic, but not by EfsGuardFunction: left as the owners set it");
        }
        if (!settings.costSaving()) {
            return Plan.nothing("no action: " + fs.id() + " stays elastic: cost saving is off (EFS_COST_SAVING)");
        }
        if (!firing.isEmpty()) {
            return Plan.nothing("no action: " + fs.id() + " stays elastic while " + String.join(", ", firing) + " is in ALARM");
        }
        if (credits == null || !credits.coversWindow(COVERAGE_SLACK)) {
            return Plan.nothing("no action: " + fs.id() + " stays elastic: BurstCreditBalance has no datapoints covering the"
                    + " last " + settings.recoveredHours() + " h, so a recovery cannot be told");
        }
        double minimum = credits.minimum().orElseThrow();
        if (minimum < settings.recoveredCreditBytes()) {
            return Plan.nothing("no action: " + fs.id() + " stays elastic: burst credits went down to " + gib(minimum)
                    + " in the last " + settings.recoveredHours() + " h, below the " + gib(settings.recoveredCreditBytes())
                    + " that counts as recovered");
        }
        Instant allowed = memory.nextModeChangeAllowed();
        if (now.isBefore(allowed)) {
            return Plan.nothing("not yet: burst credits recovered (at least " + gib(minimum) + " for "
                    + settings.recoveredHours() + " h) but AWS allows the next throughput mode change of " + fs.id()
                    + " from " + allowed + ": it waits until then");
        }
        return new Plan(List.of(new SetThroughputMode(fs.id(), fs.throughputMode(), FileSystemState.BURSTING,
                "burst credits recovered: at least " + gib(minimum) + " for " + settings.recoveredHours()
                        + " h; back to bursting to save cost")), cooldown(), List.of(), List.of());
    }

    /** The IO-limit alarm is in ALARM (or still is, at a schedule tick): one report per episode. */
    public Plan ioLimit(String alarm, FileSystemState fs, GuardMemory memory, MetricSeries io, Instant episodeStart, Instant now) {
        GuardMemory.IoEpisode episode = memory.ioEpisode();
        if (episode != null && episode.reportedAt() != null && episode.continuesAt(now, quiet())) {
            String already = "IO-limit episode of " + fs.id() + " since " + episode.startedAt() + " was reported at "
                    + episode.reportedAt();
            if (episode.endedAt() != null) {
                return new Plan(List.of(new MarkIoLimitEpisode(fs.id(), alarm, true, alarm + " is in ALARM again within "
                        + settings.ioQuietMinutes() + " min of OK: the same episode, not reported again")),
                        ioCooldown(), List.of(), List.of(already));
            }
            return Plan.nothing("no action: " + already + "; it is reported once");
        }
        String evidence = evidence(io);
        String warning = fs.id() + " (" + fs.performanceMode() + ") is at its IO limit: " + evidence + ". " + RECOMMENDATION;
        return new Plan(List.of(new ReportIoLimitEpisode(fs.id(), episodeStart, alarm, evidence, RECOMMENDATION,
                alarm + " is in ALARM: the IO limit cannot be raised in place; the owners are told once per episode")),
                ioCooldown(), List.of(warning), List.of());
    }

    /** The IO-limit alarm is back to OK: the open episode ends. */
    public Plan ioCleared(String alarm, FileSystemState fs, GuardMemory memory) {
        GuardMemory.IoEpisode episode = memory.ioEpisode();
        if (episode == null || episode.endedAt() != null) {
            return Plan.nothing("no action: no IO-limit episode of " + fs.id() + " is open");
        }
        return new Plan(List.of(new MarkIoLimitEpisode(fs.id(), alarm, false, alarm + " is OK: the IO-limit episode since "
                + episode.startedAt() + " ends")), ioCooldown(), List.of(), List.of());
    }

    static String evidence(MetricSeries io) {
        if (io == null || io.isEmpty()) {
            return "no PercentIOLimit datapoints in the last minutes (the alarm's own evaluation is the evidence)";
        }
        return "PercentIOLimit, maximum per 5 minutes from " + io.from() + ": " + io.points().stream()
                .map(p -> String.format(Locale.ROOT, "%.1f%%", p.value())).collect(Collectors.joining(", "));
    }

    static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / BYTES_PER_GIB);
    }

    private Duration cooldown() {
        return Duration.ofMinutes(settings.changeCooldownMinutes());
    }

    /**
     * No cooldown on the episode's record: an OK right after the report must end it. Two deliveries at the same
     * moment still report once: the executors compare-and-set the episode in the function's memory.
     */
    private static Duration ioCooldown() {
        return Duration.ZERO;
    }

    private Duration quiet() {
        return Duration.ofMinutes(settings.ioQuietMinutes());
    }
}
