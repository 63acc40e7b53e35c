package link.buddyverse.ops.dashboard.render;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import link.buddyverse.ops.dashboard.DashboardSettings;
import link.buddyverse.ops.dashboard.StackSnapshot;
import link.buddyverse.ops.dashboard.StackSnapshot.Replica;

/**
 * Pure: renders the two dashboards from a {@link StackSnapshot}. Same snapshot, same bytes (sorted resources,
 * insertion-ordered maps, no timestamps). Explicit metrics wherever the set is known (every current instance and
 * replica, so a new one shows at once and a gone one disappears); metric math SEARCH only where explicit series would
 * break the limits, since SEARCH returns at most 500 series and only metrics with data in the last two weeks.
 */
public final class DashboardRenderer {

    private static final String APPLIER_LOGGER = "link.buddyverse.ops.kit.apply.Applier";

    private final DashboardSettings settings;
    private final JsonMapper jsonMapper;

    public DashboardRenderer(DashboardSettings settings, JsonMapper jsonMapper) {
        this.settings = settings;
        this.jsonMapper = jsonMapper;
    }

    public List<RenderedDashboard> render(StackSnapshot stack) {
        return List.of(ops(stack), cpuPerSecond(stack));
    }

    /** Buddyverse-Ops: the web tier, the database, EFS and the automation at work. */
    RenderedDashboard ops(StackSnapshot stack) {
        Grid grid = new Grid();
        List<String> degradations = new ArrayList<>();
        String region = stack.region();
        StackSnapshot.WebTier web = stack.web();
        StackSnapshot.Database db = stack.database();

        grid.section("# " + settings.opsDashboardName() + " \u00b7 " + web.instances().size() + " web instance(s), "
                + (db.source() == null ? "no database" : db.source() + " + " + db.replicas().size() + " replica(s) ("
                + db.inRotation() + " in the read rotation)") + (stack.fileSystem() == null ? "" : ", " + stack.fileSystem().name()
                + " (" + stack.fileSystem().throughputMode() + ")")
                + "\n\nKept in step by DashboardSyncFunction: edits by hand are overwritten.", 2);

        grid.section("## Web tier: " + web.groupName());
        Map<String, String> group = Map.of("AutoScalingGroupName", web.groupName());
        grid.add(Widget.graph("Capacity (min " + web.minSize() + ", desired " + web.desiredCapacity() + ", max " + web.maxSize() + ")",
                region, "Average", List.of(
                        Widget.metric("AWS/AutoScaling", "GroupDesiredCapacity", group, Map.of("label", "desired")),
                        Widget.metric("AWS/AutoScaling", "GroupInServiceInstances", group, Map.of("label", "in service")),
                        Widget.metric("AWS/AutoScaling", "GroupMinSize", group, Map.of("label", "min")),
                        Widget.metric("AWS/AutoScaling", "GroupMaxSize", group, Map.of("label", "max"))), 8));
        if (web.instances().size() <= settings.explicitInstanceBudget()) {
            instanceCpu(grid, region, web.instances(), 8);
        } else {
            degradations.add(settings.opsDashboardName() + ": " + web.instances().size() + " web instances exceed the "
                    + settings.explicitInstanceBudget() + " graphed one by one here: CPU per instance is summarised as the"
                    + " group's average, minimum and maximum and the 10 busiest instances (SEARCH); "
                    + settings.cpuDashboardName() + " still graphs every instance");
            grid.add(Widget.graph("CPU of " + web.instances().size() + " instances (summarised)", region, "Average", List.of(
                    Widget.metric("AWS/EC2", "CPUUtilization", group, Map.of("label", "group average")),
                    Widget.metric("AWS/EC2", "CPUUtilization", group, Map.of("label", "group maximum", "stat", "Maximum")),
                    Widget.metric("AWS/EC2", "CPUUtilization", group, Map.of("label", "group minimum", "stat", "Minimum")),
                    Widget.expression("SORT(SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', 'Average', 60), MAX, DESC, 10)",
                            "busiest", "busiest")), 8));
        }
        if (web.loadBalancerDimension() != null) {
            Map<String, String> lb = Map.of("LoadBalancer", web.loadBalancerDimension());
            grid.add(Widget.graph("ALB requests and 5xx", region, "Sum", List.of(
                    Widget.metric("AWS/ApplicationELB", "RequestCount", lb, Map.of("label", "requests")),
                    Widget.metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, Map.of("label", "ALB 5xx")),
                    Widget.metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb, Map.of("label", "target 5xx"))), 8));
            grid.add(Widget.graph("Target response time (s)", region, "Average", List.of(
                    Widget.metric("AWS/ApplicationELB", "TargetResponseTime", lb, Map.of("label", "average")),
                    Widget.metric("AWS/ApplicationELB", "TargetResponseTime", lb, Map.of("label", "p95", "stat", "p95"))), 8));
        }
        if (web.loadBalancerDimension() != null && web.targetGroupDimension() != null) {
            Map<String, String> tg = new LinkedHashMap<>();
            tg.put("TargetGroup", web.targetGroupDimension());
            tg.put("LoadBalancer", web.loadBalancerDimension());
            grid.add(Widget.graph("Healthy / unhealthy hosts", region, "Maximum", List.of(
                    Widget.metric("AWS/ApplicationELB", "HealthyHostCount", tg, Map.of("label", "healthy")),
                    Widget.metric("AWS/ApplicationELB", "UnHealthyHostCount", tg, Map.of("label", "unhealthy"))), 8));
        }

        if (db.source() != null) {
            grid.section("## Database: " + db.source() + " and its replicas (read rotation: " + db.rotation() + ")");
            List<String> instances = new ArrayList<>();
            instances.add(db.source());
            db.replicas().forEach(r -> instances.add(r.id()));
            Function<String, String> label = id -> id.equals(db.source()) ? id + " (source)" : id + rotationLabel(db, id);
            for (String[] metric : new String[][] {{"CPUUtilization", "Database CPU (%)", "Average"},
                    {"DatabaseConnections", "Connections", "Average"}, {"ReadIOPS", "Read IOPS", "Average"}}) {
                perInstance(grid, region, metric[1], metric[2], "AWS/RDS", metric[0], "DBInstanceIdentifier", instances, label, 8);
            }
            if (!db.replicas().isEmpty()) {
                perInstance(grid, region, "Replica lag (s)", "Maximum", "AWS/RDS", "ReplicaLag", "DBInstanceIdentifier",
                        db.replicas().stream().map(Replica::id).toList(), label, 8);
            }
            grid.add(Widget.text(rotationTable(db), 8, Math.min(8, 2 + db.replicas().size() / 2 + 1)));
        }

        StackSnapshot.FileSystem fs = stack.fileSystem();
        if (fs != null) {
            grid.section("## Shared files: " + fs.name() + " (" + fs.id() + ")");
            Map<String, String> fsDim = Map.of("FileSystemId", fs.id());
            grid.add(Widget.graph("Burst credit balance (bytes)", region, "Minimum", List.of(
                    Widget.metric("AWS/EFS", "BurstCreditBalance", fsDim, Map.of("label", "credits"))), 6));
            grid.add(Widget.graph("PercentIOLimit (%)", region, "Maximum", List.of(
                    Widget.metric("AWS/EFS", "PercentIOLimit", fsDim, Map.of("label", "I/O limit used"))), 6));
            grid.add(Widget.graph("Throughput (MiB/s)", region, "Sum", List.of(
                    Widget.expression("total/PERIOD(total)/1048576", "total MiB/s", "totalMibps"),
                    Widget.expression("metered/PERIOD(metered)/1048576", "metered MiB/s", "meteredMibps"),
                    Widget.metric("AWS/EFS", "TotalIOBytes", fsDim, Map.of("id", "total", "visible", false)),
                    Widget.metric("AWS/EFS", "MeteredIOBytes", fsDim, Map.of("id", "metered", "visible", false))), 6));
            grid.add(Widget.text("### Throughput mode\n**" + fs.throughputMode() + "**"
                    + (fs.provisionedMibps() == null ? "" : String.format(Locale.ROOT, ", %.1f MiB/s provisioned", fs.provisionedMibps()))
                    + "\n\nEfsGuardFunction changes it when credits run low.", 6, 6));
        }

        StackSnapshot.Automation automation = stack.automation();
        grid.section("## The automation at work");
        if (!automation.logGroups().isEmpty()) {
            grid.add(Widget.logs("Actions per function: applied / skipped / failed", region, automation.logGroups(),
                    "filter loggerName = '" + APPLIER_LOGGER + "'"
                            + " | stats sum(strcontains(formattedMessage, 'applied ')) as applied,"
                            + " sum(strcontains(formattedMessage, 'skipping ')) + sum(strcontains(formattedMessage, 'refusing ')) as skipped,"
                            + " sum(strcontains(formattedMessage, ' failed (')) as failed by @log", 12));
        }
        if (!automation.functions().isEmpty()) {
            List<String> names = automation.functions().stream().map(StackSnapshot.Function::name).toList();
            Map<String, String> labels = new LinkedHashMap<>();
            automation.functions().forEach(f -> labels.put(f.name(), f.label()));
            perInstance(grid, region, "Function errors", "Sum", "AWS/Lambda", "Errors", "FunctionName", names, labels::get, 6);
            perInstance(grid, region, "Function duration, p95 (ms)", "p95", "AWS/Lambda", "Duration", "FunctionName", names,
                    labels::get, 6);
        }
        if (automation.deadLetterQueue() != null && !automation.deadLetterQueue().isBlank()) {
            grid.add(Widget.graph("Dead-letter queue depth", region, "Maximum", List.of(
                    Widget.metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                            Map.of("QueueName", automation.deadLetterQueue()), Map.of("label", "messages waiting"))), 6));
        }
        List<String> arns = stack.alarms().stream().map(StackSnapshot.Alarm::arn).toList();
        if (!arns.isEmpty()) {
            List<List<String>> parts = chunks(arns, DashboardLimits.MAX_ALARMS_PER_WIDGET);
            if (parts.size() > 1) {
                degradations.add(settings.opsDashboardName() + ": " + arns.size() + " alarms split over " + parts.size()
                        + " alarm status widgets (" + DashboardLimits.MAX_ALARMS_PER_WIDGET + " each at most)");
            }
            for (int i = 0; i < parts.size(); i++) {
                grid.add(Widget.alarms("Alarms of the stack" + part(i, parts.size()), parts.get(i), 24));
            }
        }
        return finish(settings.opsDashboardName(), grid, degradations);
    }

    /** CPU-Per-Second, as the owners meant it: the CPU of every current web instance, one series each. */
    RenderedDashboard cpuPerSecond(StackSnapshot stack) {
        Grid grid = new Grid();
        List<String> degradations = new ArrayList<>();
        String region = stack.region();
        StackSnapshot.WebTier web = stack.web();
        Map<String, String> group = Map.of("AutoScalingGroupName", web.groupName());
        List<Map<String, Object>> thresholds = List.of(
                threshold("scale out (" + settings.cpuHighThreshold() + "%)", settings.cpuHighThreshold()),
                threshold("scale in (" + settings.cpuLowThreshold() + "%)", settings.cpuLowThreshold()));
        grid.add(Widget.graph("Web tier CPU (average of " + web.groupName() + ")", region, "Average", List.of(
                Widget.metric("AWS/EC2", "CPUUtilization", group, Map.of("label", "average"))), 12).withThresholds(thresholds));
        grid.add(Widget.graph("Group capacity", region, "Average", List.of(
                Widget.metric("AWS/AutoScaling", "GroupDesiredCapacity", group, Map.of("label", "desired")),
                Widget.metric("AWS/AutoScaling", "GroupInServiceInstances", group, Map.of("label", "in service")),
                Widget.metric("AWS/AutoScaling", "GroupMaxSize", group, Map.of("label", "max"))), 12));
        // Leave room for the fixed widgets' metrics; beyond that, the rest of the instances go into one SEARCH.
        int budget = DashboardLimits.MAX_METRICS_PER_DASHBOARD - 16;
        List<String> instances = web.instances();
        if (instances.size() > budget) {
            degradations.add(settings.cpuDashboardName() + ": " + instances.size() + " instances exceed the "
                    + DashboardLimits.MAX_METRICS_PER_DASHBOARD + " metrics of a dashboard: the first " + budget
                    + " are graphed one by one, the others through SEARCH (at most " + DashboardLimits.SEARCH_MAX_SERIES + ")");
            instances = instances.subList(0, budget);
            grid.add(Widget.graph("CPU of the other instances (SEARCH)", region, "Average", List.of(Widget.expression(
                    "SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', 'Average', 60)", "instance", "others")), 12));
        }
        instanceCpu(grid, region, instances, 24, thresholds);
        if (web.loadBalancerDimension() != null && web.targetGroupDimension() != null) {
            Map<String, String> tg = new LinkedHashMap<>();
            tg.put("TargetGroup", web.targetGroupDimension());
            tg.put("LoadBalancer", web.loadBalancerDimension());
            grid.add(Widget.graph("Targets and requests", region, "Maximum", List.of(
                    Widget.metric("AWS/ApplicationELB", "HealthyHostCount", tg, Map.of("label", "healthy")),
                    Widget.metric("AWS/ApplicationELB", "UnHealthyHostCount", tg, Map.of("label", "unhealthy")),
                    Widget.metric("AWS/ApplicationELB", "RequestCount", Map.of("LoadBalancer", web.loadBalancerDimension()),
                            Map.of("label", "requests", "stat", "Sum"))), 24));
        }
        return finish(settings.cpuDashboardName(), grid, degradations);
    }

    private void instanceCpu(Grid grid, String region, List<String> instances, int width) {
        instanceCpu(grid, region, instances, width, List.of());
    }

    private void instanceCpu(Grid grid, String region, List<String> instances, int width, List<Map<String, Object>> thresholds) {
        if (instances.isEmpty()) {
            grid.add(Widget.text("### CPU per instance\nThe group has no instance in service.", width, 6));
            return;
        }
        List<List<String>> parts = chunks(instances, Math.min(settings.instancesPerWidget(), DashboardLimits.MAX_METRICS_PER_WIDGET));
        for (int i = 0; i < parts.size(); i++) {
            List<List<Object>> metrics = new ArrayList<>();
            for (String id : parts.get(i)) {
                metrics.add(Widget.metric("AWS/EC2", "CPUUtilization", Map.of("InstanceId", id), Map.of("label", id)));
            }
            Widget widget = Widget.graph("CPU per instance" + part(i, parts.size()), region, "Average", metrics, width);
            grid.add(thresholds.isEmpty() ? widget : widget.withThresholds(thresholds));
        }
    }

    private void perInstance(Grid grid, String region, String title, String stat, String namespace, String metric,
                             String dimension, List<String> ids, Function<String, String> label, int width) {
        List<List<String>> parts = chunks(ids, DashboardLimits.MAX_METRICS_PER_WIDGET);
        for (int i = 0; i < parts.size(); i++) {
            List<List<Object>> metrics = new ArrayList<>();
            for (String id : parts.get(i)) {
                metrics.add(Widget.metric(namespace, metric, Map.of(dimension, id), Map.of("label", label.apply(id))));
            }
            grid.add(Widget.graph(title + part(i, parts.size()), region, stat, metrics, width));
        }
    }

    private static String rotationLabel(StackSnapshot.Database db, String id) {
        return db.replicas().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> r.inRotation() ? " (in rotation)" : " (out of rotation)").orElse("");
    }

    private static String rotationTable(StackSnapshot.Database db) {
        StringBuilder md = new StringBuilder("### Read rotation\n");
        if (db.replicas().isEmpty()) {
            return md.append("No replica: reads go to ").append(db.source()).append('.').toString();
        }
        md.append("| replica | status | reads |\n|---|---|---|\n");
        for (Replica replica : db.replicas()) {
            md.append("| ").append(replica.id()).append(" | ").append(replica.status()).append(" | ")
                    .append(replica.inRotation() ? "in rotation" : "out").append(" |\n");
        }
        return md.append("\nFrom ").append(db.rotation()).append('.').toString();
    }

    private static Map<String, Object> threshold(String label, int value) {
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("label", label);
        annotation.put("value", value);
        return annotation;
    }

    private RenderedDashboard finish(String name, Grid grid, List<String> degradations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", "-PT3H");
        body.put("periodOverride", "inherit");
        body.put("widgets", grid.widgets());
        String json;
        try {
            json = jsonMapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render dashboard " + name, e);
        }
        return new RenderedDashboard(name, json, grid.widgets().size(), grid.metrics(), grid.largestWidget(),
                json.getBytes(StandardCharsets.UTF_8).length, degradations);
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            parts.add(items.subList(start, Math.min(items.size(), start + size)));
        }
        return parts;
    }

    private static String part(int index, int of) {
        return of == 1 ? "" : " (" + (index + 1) + " of " + of + ")";
    }
}
