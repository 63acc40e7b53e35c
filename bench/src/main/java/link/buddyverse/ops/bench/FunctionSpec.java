package link.buddyverse.ops.bench;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the bench needs to know about one function of template.yaml: everything else (its handler string, its
 * module and so its jar) is read from template.yaml. One entry per function, declared in {@link Functions}.
 *
 * @param name         the function's logical id in template.yaml, e.g. {@code ScalingTunerFunction}
 * @param coldEvent    the event of every cold start, relative to the repository root (a sample under events/)
 * @param environment  the function's own variables (template.yaml's, with local values); the stage gives the
 *                     addresses of moto and the stand-ins. The kit's OPS_* and Lambda's own are added by the bench
 * @param prepare      what the account needs beyond an empty OpsState table, after moto's reset, before each run
 * @param effect       what proves a run counted (the answer and a change in moto or a stand-in), checked after
 *                     every run of the function and of the plain handler alike
 * @param effectName   the effect in words, for the report ("scaled the group 2 -> 3")
 * @param warmEvent    the warm-drift event made from the cold event's JSON: one the function decodes and then
 *                     skips without any AWS call (the bench checks that no call was made)
 * @param plainClass   the baseline: a plain {@code RequestHandler<Map, Map>} making the same calls, under
 *                     bench/src/main/java/.../bench/plain
 * @param plainJar     its deployment jar, shaded alone by bench/pom.xml into bench/target
 */
record FunctionSpec(String name, String coldEvent, Function<Stage, Map<String, String>> environment,
                    Prepare prepare, Effect effect, String effectName, UnaryOperator<String> warmEvent,
                    String plainClass, String plainJar) {

    /** Account set-up in moto for one run (the stage has just been reset and holds an empty OpsState table). */
    @FunctionalInterface
    interface Prepare {
        void on(Stage stage) throws IOException;
    }

    /** Whether a run did what the function is for. */
    @FunctionalInterface
    interface Effect {
        boolean seen(ColdStart.Run run, Stage stage);
    }

    /** The group's name in {@link #unfollowedGroup}'s events. */
    static final String UNFOLLOWED_GROUP = "Bench-Unfollowed-Group";

    /**
     * The same Auto Scaling event (lifecycle action, launch or terminate) for a group no function follows: decoded,
     * then skipped before any AWS call.
     */
    static String unfollowedGroup(String groupEventJson) {
        return groupEventJson.replace("autoScalingGroupName/" + Stage.GROUP, "autoScalingGroupName/" + UNFOLLOWED_GROUP)
                .replaceAll("\"AutoScalingGroupName\"\\s*:\\s*\"" + Stage.GROUP + "\"", "\"AutoScalingGroupName\": \"" + UNFOLLOWED_GROUP + "\"");
    }

    /** The same alarm event for an alarm no function follows, in OK: decoded, then skipped before any AWS call. */
    static String unfollowedAlarm(String alarmJson) {
        return alarmJson.replaceFirst("\"alarmName\"\\s*:\\s*\"[^\"]*\"", "\"alarmName\": \"Bench-Unfollowed-Alarm\"")
                .replaceFirst("\"state\"\\s*:\\s*\\{\\s*\"value\"\\s*:\\s*\"[A-Z_]+\"", "\"state\": {\"value\": \"OK\"")
                .replace(":alarm:Buddy-", ":alarm:Bench-Unfollowed-");
    }
}
