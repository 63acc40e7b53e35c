package link.buddyverse.ops.cli.demo;

import java.util.List;

/**
 * The owners' CPU stress test: the web tier went 2 -> 4 under load and back to 2. Replayed: Buddy-CPU-High goes
 * to ALARM and stays there while ScalingTunerFunction's 5-minute re-check fires; the group goes 2 -> 3 -> 4 (its
 * MaxSize, what the owners saw), and with the load still on, the function raises MaxSize one step (to 5, under
 * its ceiling of 8) rather than leave the group pinned; the load stops (CPU-High OK: nothing changes), CPU-Low
 * goes to ALARM and the group comes back 5 -> 4 (MaxSize restored to 4) -> 3 -> 2.
 */
final class CpuStressDrill implements Drill {

    static final String FUNCTION = "ScalingTunerFunction";
    static final String EVENTS = "scaling-tuner";
    static final String HIGH = "Buddy-CPU-High";
    static final String LOW = "Buddy-CPU-Low";

    @Override
    public String id() {
        return "cpu-stress";
    }

    @Override
    public String title() {
        return "CPU stress: 2 -> 4 -> 2";
    }

    @Override
    public String owners() {
        return "stress on the web servers scaled the group from 2 to 4; when it stopped, back to 2";
    }

    @Override
    public List<String> functions() {
        return List.of(FUNCTION, IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        AwsPart aws = context.awsPart();
        context.expectIncident(HIGH);
        WebTier.Group group = context.observe();
        expect(context, group, 2, 2, 4, "the group starts at its baseline");
        context.note(FUNCTION + " runs here with SCALING_COOLDOWN_SECONDS=0 (deployed: 300 s): each re-check below is the"
                + " 5-minute schedule firing once the cooldown has passed");

        context.owners("stress -c 2 on every web server: average CPU 86% for 3 minutes");
        aws.alarm(context, FUNCTION, EVENTS, HIGH, "OK", "ALARM",
                "Threshold Crossed: 3 out of the last 3 datapoints [86.41, 83.92, 81.17] were greater than the threshold (70.0)");
        expect(context, context.observe(), 3, 3, 4, "scaled out by one");

        aws.schedule(context, FUNCTION, EVENTS, HIGH + " still in ALARM");
        expect(context, context.observe(), 4, 4, 4, "scaled out to its maximum, as in the owners' drill");

        aws.schedule(context, FUNCTION, EVENTS, HIGH + " still in ALARM, the group pinned at its maximum");
        expect(context, context.observe(), 5, 5, 5, "MaxSize raised one step (under the ceiling of 8) and scaled out");

        context.owners("the stress stops: CPU back to 35%");
        aws.alarm(context, FUNCTION, EVENTS, HIGH, "ALARM", "OK",
                "Threshold Crossed: 1 out of the last 3 datapoints [35.2] was not greater than the threshold (70.0)");
        expect(context, context.observe(), 5, 5, 5, "nothing changes when the alarm clears");

        context.owners("the site idles: average CPU below 20% for 15 minutes");
        aws.alarm(context, FUNCTION, EVENTS, LOW, "OK", "ALARM",
                "Threshold Crossed: 15 out of the last 15 datapoints were less than the threshold (20.0)");
        expect(context, context.observe(), 4, 4, 4, "scaled in by one and MaxSize restored to the baseline 4");

        aws.schedule(context, FUNCTION, EVENTS, LOW + " still in ALARM");
        expect(context, context.observe(), 3, 3, 4, "scaled in by one");

        aws.schedule(context, FUNCTION, EVENTS, LOW + " still in ALARM");
        expect(context, context.observe(), 2, 2, 4, "back to the baseline of 2, as in the owners' drill");

        context.owners("traffic returns: CPU back to 30%");
        aws.alarm(context, FUNCTION, EVENTS, LOW, "ALARM", "OK",
                "Threshold Crossed: 1 out of the last 15 datapoints [30.1] was not less than the threshold (20.0)");
        expect(context, context.observe(), 2, 2, 4, "the group stays at 2");
    }

    static void expect(DrillContext context, WebTier.Group group, int desired, int inService, int max, String what) {
        context.check(group.desired() == desired && group.inService() == inService && group.max() == max,
                what + ": desired " + desired + ", in service " + inService + ", max " + max, group.describe());
    }
}
