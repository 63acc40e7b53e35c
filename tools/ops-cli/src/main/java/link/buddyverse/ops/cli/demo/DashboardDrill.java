package link.buddyverse.ops.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import link.buddyverse.ops.cli.dashboard.CloudWatchMetricData;
import link.buddyverse.ops.cli.dashboard.DashboardPreview;

/**
 * The owners built CPU-Per-Second by hand to watch their stress test, and it went stale as instances came and went.
 * Replayed: DashboardSyncFunction renders both dashboards on its schedule; the group scales out and the new instance's
 * launch event brings it onto CPU-Per-Second; an instance is killed and replaced, and the two events take the victim
 * off and put the replacement on. The previews before and after go into the report.
 */
final class DashboardDrill implements Drill {

    static final String FUNCTION = "DashboardSyncFunction";
    static final String CPU = "CPU-Per-Second";
    static final String OPS = "Buddyverse-Ops";


    @Override
    public String id() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "Dashboards follow the stack";
    }

    @Override
    public String owners() {
        return "built CPU-Per-Second by hand to watch the stress test; it missed every instance launched after it";
    }

    @Override
    public List<String> functions() {
        return List.of(FUNCTION);
    }

    @Override
    public void run(DrillContext context) {
        WebTier.Group start = context.observe();
        context.awsPart().cpuReported(start.ids(), 35, 60);
        context.awsPart().schedule(context, FUNCTION, "dashboard-sync", "the hourly sync");
        check(context, start.ids(), List.of(), "on its schedule, " + CPU + " graphs every instance of the group");
        context.check(body(context, OPS) != null, OPS + " exists, rendered from the stack", "no " + OPS);
        attach(context, "before: " + CPU + " and " + OPS);

        context.owners("the load rises: desired capacity 2 -> 3 (ScalingTunerFunction's scale out in the CPU stress drill)");
        context.aws().autoScaling().setDesiredCapacity(b -> b.autoScalingGroupName(context.web().groupName()).desiredCapacity(3));
        WebTier.Group scaled = context.observe();
        String launched = scaled.ids().stream().filter(id -> !start.ids().contains(id)).findFirst().orElseThrow();
        context.awsPart().cpuReported(List.of(launched), 70, 20);
        context.aws("Auto Scaling: \"EC2 Instance Launch Successful\" for " + launched);
        context.publish(FUNCTION, event("instance-launched.json", "i-0a1b2c3d4e5f60718", launched));
        check(context, scaled.ids(), List.of(), "the launch event brings " + launched + " onto " + CPU);

        String victim = start.ids().get(0);
        context.owners("terminate " + victim + " from the EC2 console");
        context.aws().ec2().terminateInstances(b -> b.instanceIds(victim));
        WebTier.Group replaced = context.observe();
        String replacement = replaced.ids().stream().filter(id -> !scaled.ids().contains(id)).findFirst().orElseThrow();
        context.aws("Auto Scaling: " + victim + " is gone; the group launches " + replacement + " (moto models this itself)");
        context.awsPart().cpuReported(List.of(replacement), 50, 5);
        context.aws("Auto Scaling: \"EC2 Instance Terminate Successful\" for " + victim + ", \"EC2 Instance Launch Successful\" for "
                + replacement);
        context.publish(FUNCTION, event("instance-terminated.json", "i-0f1e2d3c4b5a69788", victim));
        context.publish(FUNCTION, event("instance-launched.json", "i-0a1b2c3d4e5f60718", replacement));
        check(context, replaced.ids(), List.of(victim), CPU + " shows the replacement " + replacement + " and no longer " + victim);
        attach(context, "after: " + CPU + " and " + OPS);

        FunctionInvoker.Invocation again = context.awsPart().schedule(context, FUNCTION, "dashboard-sync", "the next hourly sync");
        context.check("no-action".equals(again.status()), "the next hourly sync finds nothing to change and writes nothing",
                again.status() + ": " + again.reason());
    }

    private static void check(DrillContext context, List<String> present, List<String> gone, String what) {
        String body = body(context, CPU);
        boolean holds = body != null && present.stream().allMatch(id -> body.contains("\"" + id + "\""))
                && gone.stream().noneMatch(body::contains);
        context.check(holds, what, body == null ? "no dashboard" : "instances in the body: " + present.stream()
                .filter(id -> body.contains("\"" + id + "\"")).toList() + ", gone still there: "
                + gone.stream().filter(body::contains).toList());
    }

    private static String body(DrillContext context, String name) {
        try {
            return context.aws().cloudWatch().getDashboard(b -> b.dashboardName(name)).dashboardBody();
        } catch (RuntimeException none) {
            return null;
        }
    }

    private static void attach(DrillContext context, String title) {
        CloudWatchMetricData data = new CloudWatchMetricData(context.aws().cloudWatch());
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><style>" + DashboardPreview.CSS + "</style></head><body>"
                + DashboardPreview.section(new DashboardPreview.Dashboard(CPU, body(context, CPU)), data)
                + DashboardPreview.section(new DashboardPreview.Dashboard(OPS, body(context, OPS)), data) + "</body></html>";
        context.attach(title, html);
    }

    /** The sample under events/dashboard-sync/, delivered anew: a fresh id and time, and the instance it is about. */
    private String event(String sample, String sampleInstance, String instance) {
        try {
            Path events = link.buddyverse.ops.cli.ProjectLayout.detect().root().resolve("events");
            String json = Files.readString(events.resolve("dashboard-sync").resolve(sample));
            String id = json.replaceAll("(?s).*?\"id\": \"([^\"]+)\".*", "$1");
            String time = json.replaceAll("(?s).*?\"time\": \"([^\"]+)\".*", "$1");
            json = json.replace(id, UUID.randomUUID().toString()).replace(time, Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
            return sampleInstance == null ? json : json.replace(sampleInstance, instance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
