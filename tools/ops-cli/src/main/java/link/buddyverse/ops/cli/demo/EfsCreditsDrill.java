package link.buddyverse.ops.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Buddy-EFS's burst credits drain (the owners only watched them; no manual drill): the site's traffic spends them,
 * the burst-credits-low alarm goes to ALARM and EfsGuardFunction switches the file system to elastic throughput.
 * Then they recover and hold for the recovery window: the function would return to bursting, but AWS allows one
 * throughput mode change in 24 hours, so it waits and names the time. (The return itself, a day later, is held by
 * EfsGuardHandlerTest with the gateway's clock moved; the sandbox does not wait a day.)
 */
final class EfsCreditsDrill implements Drill {

    static final String FUNCTION = "EfsGuardFunction";
    static final String EVENTS = "efs-guard";
    static final String CREDITS_LOW = "Buddy-EFS-Burst-Credits-Low";
    private static final double GIB = 1024.0 * 1024 * 1024;

    @Override
    public String id() {
        return "efs-credits";
    }

    @Override
    public String title() {
        return "EFS credit drain: bursting -> elastic, back only when AWS allows";
    }

    @Override
    public String owners() {
        return "watched Buddy-EFS's burst credits (no manual drill)";
    }

    @Override
    public List<String> functions() {
        return List.of(FUNCTION, IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        String fileSystem = context.coreOutputs().get("FileSystemId");
        context.expectIncident(CREDITS_LOW);
        context.check("bursting".equals(mode(context, fileSystem)), fileSystem + " starts in bursting mode", mode(context, fileSystem));
        Instant now = Instant.now();

        context.owners("the site's morning traffic spends Buddy-EFS's burst credits: 900 GiB down to 340 GiB in an hour");
        credits(context, fileSystem, now.minus(Duration.ofHours(8)), now.minus(Duration.ofHours(7)), 900, 340);
        FunctionInvoker.Invocation drained = context.awsPart().alarm(context, FUNCTION, EVENTS, CREDITS_LOW, "OK", "ALARM",
                "Threshold Crossed: 1 out of the last 1 datapoints [3.65E11] was less than the threshold (3.7748736E11)");
        context.check("elastic".equals(mode(context, fileSystem)) && "applied".equals(drained.status()),
                fileSystem + " leaves bursting for elastic throughput before the baseline hits", mode(context, fileSystem));

        context.owners("the afternoon is quiet: credits climb back to 1,200 GiB and stay there for 7 hours");
        credits(context, fileSystem, now.minus(Duration.ofHours(7)), now, 1200, 1200);
        FunctionInvoker.Invocation recovered = context.awsPart().alarm(context, FUNCTION, EVENTS, CREDITS_LOW, "ALARM", "OK",
                "Threshold Crossed: 1 out of the last 1 datapoints [1.29E12] was not less than the threshold (3.7748736E11)");
        String reason = String.valueOf(recovered.reason());
        context.check("elastic".equals(mode(context, fileSystem)) && reason.startsWith("not yet: burst credits recovered")
                        && reason.contains(" from "),
                "credits recovered, but AWS allows one throughput mode change in 24 hours: it stays elastic and names the time",
                mode(context, fileSystem) + ", " + reason);
        context.note("a day later the hourly check returns it to bursting (EFS_COST_SAVING=true): the sandbox does not wait a"
                + " day; EfsGuardHandlerTest holds that step with the gateway's clock moved");
    }

    private static String mode(DrillContext context, String fileSystem) {
        return context.aws().efs().describeFileSystems(b -> b.fileSystemId(fileSystem)).fileSystems().get(0)
                .throughputModeAsString();
    }

    /** BurstCreditBalance every 5 minutes from {@code from} to {@code to}, going linearly from one value to the other. */
    private static void credits(DrillContext context, String fileSystem, Instant from, Instant to, double fromGib, double toGib) {
        List<MetricDatum> data = new ArrayList<>();
        long steps = Math.max(1, Duration.between(from, to).toMinutes() / 5);
        for (long i = 0; i <= steps; i++) {
            double gib = fromGib + (toGib - fromGib) * i / steps;
            data.add(MetricDatum.builder().metricName("BurstCreditBalance").value(gib * GIB)
                    .timestamp(from.plus(Duration.ofMinutes(5 * i)))
                    .dimensions(Dimension.builder().name("FileSystemId").value(fileSystem).build()).build());
        }
        for (int i = 0; i < data.size(); i += 20) {
            List<MetricDatum> batch = data.subList(i, Math.min(i + 20, data.size()));
            context.aws().cloudWatch().putMetricData(b -> b.namespace("AWS/EFS").metricData(batch));
        }
        context.aws(data.size() + " BurstCreditBalance datapoints of " + fileSystem + " put, " + Math.round(fromGib) + " -> "
                + Math.round(toGib) + " GiB (the drill stands in for the traffic; EFS publishes them every minute)");
    }
}
