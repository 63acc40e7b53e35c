package link.buddyverse.ops.cli.sam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import link.buddyverse.ops.sam.FunctionSpec;

/**
 * The function's own environment variables for a local run, by sam's precedence, lowest first: the
 * template's value, the same variable in the user's shell, the --env-vars file's "Parameters" section, its
 * section for the function. As with sam, only variables the template declares can be set this way, so a
 * local run never depends on configuration the deployed function would not have; {@code --dry-run} is the
 * exception, it always sets {@code OPS_DRY_RUN=true}.
 */
public final class FunctionEnvironment {

    public static final String DRY_RUN = "OPS_DRY_RUN";

    private FunctionEnvironment() {
    }

    public static Map<String, String> resolve(FunctionSpec function, Map<String, String> shell, EnvVarsFile envVars,
                                              boolean dryRun, Consumer<String> warn) {
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.replaceAll((name, value) -> shell.getOrDefault(name, value));
        envVars.shared().forEach((name, value) -> environment.computeIfPresent(name, (n, old) -> value));
        envVars.own(function).forEach((name, value) -> {
            if (environment.containsKey(name)) {
                environment.put(name, value);
            } else {
                warn.accept("--env-vars sets " + name + " for " + function.logicalId() + ", whose Environment.Variables"
                        + " in the template do not declare it: ignored, as sam local ignores it");
            }
        });
        if (dryRun) {
            environment.put(DRY_RUN, "true");
        }
        return environment;
    }
}
