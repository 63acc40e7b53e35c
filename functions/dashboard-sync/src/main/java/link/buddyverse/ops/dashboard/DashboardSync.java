package link.buddyverse.ops.dashboard;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.dashboard.action.PutDashboard;
import link.buddyverse.ops.dashboard.render.CanonicalJson;
import link.buddyverse.ops.dashboard.render.DashboardRenderer;
import link.buddyverse.ops.dashboard.render.RenderedDashboard;
import link.buddyverse.ops.kit.event.AutoScalingInstanceEvent;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.RdsInstanceEvent;
import link.buddyverse.ops.kit.event.ScheduledCheck;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.handler.PlanningFunction;
import link.buddyverse.ops.kit.handler.Work;
import link.buddyverse.ops.kit.plan.Action;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;

/**
 * DashboardSyncFunction's decisions: which events can change what exists, and, for those, render both dashboards from
 * what exists now and plan a PutDashboard for each one whose body differs (normalised) from CloudWatch's. Every event
 * re-renders from scratch rather than patching the body by what the event says: a missed or reordered event cannot
 * leave a stale widget, and the hourly schedule mends anything an event never announced.
 */
@Singleton
public class DashboardSync implements PlanningFunction {

    public static final String NAME = "DashboardSyncFunction";
    // RDS event categories that add or remove an instance; the others (backup, maintenance...) change no widget.
    private static final Set<String> RDS_CATEGORIES = Set.of("creation", "deletion");

    private final DashboardSettings settings;
    private final StackObserver observer;
    private final DashboardRenderer renderer;
    private final CanonicalJson canonical;

    public DashboardSync(DashboardSettings settings, StackObserver observer, JsonMapper jsonMapper) {
        this.settings = settings;
        this.observer = observer;
        this.renderer = new DashboardRenderer(settings, jsonMapper);
        this.canonical = new CanonicalJson(jsonMapper);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Class<? extends Trigger>> accepts() {
        return Set.of(AutoScalingInstanceEvent.class, RdsInstanceEvent.class, OpsActionEvent.class, ScheduledCheck.class);
    }

    @Override
    public Optional<String> skipReason(Trigger trigger) {
        if (trigger instanceof AutoScalingInstanceEvent scaling) {
            if (!scaling.group().equals(settings.groupName())) {
                return Optional.of("group '" + scaling.group() + "' is not the web tier's (" + settings.groupName() + ")");
            }
            if (!scaling.successful()) {
                return Optional.of("an unsuccessful " + scaling.activity().name().toLowerCase() + " leaves the group's instances as they were");
            }
        } else if (trigger instanceof RdsInstanceEvent rds) {
            if (rds.categories().stream().noneMatch(RDS_CATEGORIES::contains)) {
                return Optional.of("RDS event " + rds.rdsEventId() + " (" + String.join(", ", rds.categories())
                        + ") neither creates nor deletes an instance");
            }
        } else if (trigger instanceof OpsActionEvent action) {
            String function = action.detail().function();
            if (NAME.equals(function)) {
                return Optional.of("its own Ops Action event: writing a dashboard changes nothing a dashboard shows");
            }
            if (!settings.followedFunctions().contains(function)) {
                return Optional.of(function + "'s actions change nothing the dashboards are rendered from (followed: "
                        + String.join(", ", settings.followedFunctions()) + ")");
            }
            if (!"applied".equals(action.detail().outcome().status())) {
                return Optional.of(function + "'s " + action.detail().action().action() + " was "
                        + action.detail().outcome().status() + ": nothing changed");
            }
        }
        return Optional.empty();
    }

    @Override
    public OpsResult work(Trigger trigger, Work work) {
        Sync sync = sync(trigger);
        OpsResult result = work.carryOut(sync.plan());
        return new OpsResult(result.function(), result.status(), result.trigger(), result.plan(), result.outcomes(),
                result.warnings(), result.notes(), result.reason(), sync.detail(work.dryRun()), null, null);
    }

    @Override
    public Plan plan(Trigger trigger, Instant now) {
        return sync(trigger).plan();
    }

    /** Priming: renders a sample stack and plans against no existing dashboard, no AWS call. */
    @Override
    public OpsResult rehearse(Trigger sample) {
        StackSnapshot stack = new StackSnapshot(settings.region(),
                new StackSnapshot.WebTier(settings.groupName(), true, 2, 4, 2, List.of("i-priming1", "i-priming2"),
                        "app/priming/0", "targetgroup/priming/0"),
                new StackSnapshot.Database(settings.databaseInstanceId(),
                        List.of(new StackSnapshot.Replica("priming-replica", "available", true)), "priming"),
                new StackSnapshot.FileSystem("fs-priming", settings.fileSystemName(), "bursting", null),
                List.of(new StackSnapshot.Alarm("Buddy-priming", "arn:aws:cloudwatch:priming:0:alarm:Buddy-priming")),
                new StackSnapshot.Automation(List.of(new StackSnapshot.Function(NAME, "priming")), List.of("/aws/lambda/priming"),
                        "priming-dlq"), List.of());
        List<RenderedDashboard> rendered = renderer.render(stack);
        Sync sync = compare(trigger(sample), stack, rendered, name -> Optional.empty());
        return new OpsResult(NAME, "dry-run", TriggerView.of(sample),
                sync.plan().actions().stream().map(PlannedAction::of).toList(), List.of(), sync.plan().warnings(),
                sync.plan().notes(), null, sync.detail(true), null, null);
    }

    private Sync sync(Trigger trigger) {
        StackSnapshot stack = observer.observe();
        return compare(trigger(trigger), stack, renderer.render(stack), observer::currentBody);
    }

    private Sync compare(String why, StackSnapshot stack, List<RenderedDashboard> rendered,
                         java.util.function.Function<String, Optional<String>> current) {
        List<Action> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>(stack.warnings());
        List<String> notes = new ArrayList<>();
        List<SyncDetail.DashboardView> views = new ArrayList<>();
        for (RenderedDashboard dashboard : rendered) {
            String canonicalBody = canonical.of(dashboard.body()).orElseThrow();
            String after = fingerprint(canonicalBody);
            Optional<String> existing = current.apply(dashboard.name());
            Optional<String> existingCanonical = existing.flatMap(canonical::of);
            String before = existing.isEmpty() ? "none" : existingCanonical.map(DashboardSync::fingerprint).orElse("not-json");
            warnings.addAll(dashboard.degradations());
            String state;
            if (existingCanonical.isPresent() && existingCanonical.get().equals(canonicalBody)) {
                state = "unchanged";
                notes.add(dashboard.name() + " is up to date (" + after + "): no PutDashboard");
            } else {
                state = existing.isEmpty() ? "created" : "changed";
                actions.add(new PutDashboard(dashboard.name(), dashboard.body(), before, after, dashboard.widgets(),
                        dashboard.metrics(), dashboard.largestWidgetMetrics(), dashboard.bytes(),
                        (existing.isEmpty() ? "the dashboard does not exist yet" : "its body differs from what exists now")
                                + " (" + summary(stack) + "); " + why));
            }
            views.add(new SyncDetail.DashboardView(dashboard.name(), state, after, dashboard.widgets(), dashboard.metrics(),
                    dashboard.bytes(), dashboard.degradations(), dashboard.limitViolations(), dashboard.body()));
        }
        if (actions.isEmpty()) {
            notes.add(0, "no action: both dashboards already show what exists now");
        }
        // No cooldown: a launch and the termination right after it must both show; the lock only serialises writers.
        return new Sync(new Plan(actions, Duration.ZERO, warnings, notes), views);
    }

    private static String summary(StackSnapshot stack) {
        return stack.web().instances().size() + " web instance(s), " + stack.database().replicas().size() + " replica(s) ("
                + stack.database().inRotation() + " in rotation), " + stack.alarms().size() + " alarm(s)";
    }

    private static String trigger(Trigger trigger) {
        if (trigger instanceof AutoScalingInstanceEvent scaling) {
            return "after " + scaling.group() + " " + (scaling.launch() ? "launched " : "terminated ") + scaling.instanceId();
        }
        if (trigger instanceof RdsInstanceEvent rds) {
            return "after RDS " + String.join("/", rds.categories()) + " of " + rds.instance();
        }
        if (trigger instanceof OpsActionEvent action) {
            return "after " + action.subject();
        }
        return "on the schedule's check";
    }

    /** The short SHA-256 a PutDashboard compares (of the canonical body). */
    public static String fingerprint(String canonicalBody) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalBody.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan, and per dashboard what the result reports. */
    private record Sync(Plan plan, List<SyncDetail.DashboardView> views) {
        SyncDetail detail(boolean dryRun) {
            return new SyncDetail(views.stream().map(v -> dryRun ? v : new SyncDetail.DashboardView(v.name(), v.state(),
                    v.sha256(), v.widgets(), v.metrics(), v.bytes(), v.degradations(), v.limitViolations(), null)).toList());
        }
    }
}
