package link.buddyverse.ops.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import link.buddyverse.ops.sam.FunctionSpec;

/**
 * What the bench needs to know about one function of template.yaml: everything else (its handler string, its
 * module and so its jar, its environment) is read from template.yaml. One entry per function, declared in
 * {@link Functions}.
 *
 * @param name         the function's logical id in template.yaml, e.g. {@code ScalingTunerFunction}
 * @param coldEvent    the event of every cold start, relative to the repository root (a sample under events/)
 * @param endpoints    the few of template.yaml's variables a local run must point at the stage instead (the Slack
 *                     stand-in, a queue's URL in moto); the rest is the template's, see {@link #environment}
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
record FunctionEntry(String name, String coldEvent, Function<Stage, Map<String, String>> endpoints,
                    Prepare prepare, Effect effect, String effectName, UnaryOperator<String> warmEvent,
                    String plainClass, String plainJar) {

    /**
     * The function's environment for a run: template.yaml's variables (Globals.Function's, then its own, resolved as
     * {@code sam local} resolves them, every parameter at its default), the stage's state table, then this entry's
     * endpoints. An endpoint the template does not declare is an error: the function would never read it.
     * AWS_ENDPOINT_URL, credentials and Lambda's own variables are the runtime's, added by {@link ColdStart}.
     * JAVA_TOOL_OPTIONS is left out: JVM options are each cold-start cell's own (the java21 flags hold the
     * template's C1-only setting already; the JVM-defaults cell must have none).
     */
    Map<String, String> environment(FunctionSpec function, Stage stage) {
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.put("OPS_STATE_TABLE", Stage.TABLE);
        endpoints.apply(stage).forEach((variable, value) -> {
            if (!environment.containsKey(variable)) {
                throw new IllegalStateException("the bench entry of " + name + " points " + variable + " at the stage, but"
                        + " template.yaml declares no such variable for it: update bench/.../Functions.java");
            }
            environment.put(variable, value);
        });
        return environment;
    }

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
