package link.buddyverse.ops.cli.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.sam.FunctionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which value a function's variable gets in a local run, lowest precedence first: template, the user's
 * shell, the --env-vars file's "Parameters", its section for the function, --dry-run. As with sam, only
 * variables the template declares can be set.
 */
class FunctionEnvironmentTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static FunctionSpec function(String logicalId, String functionName, Map<String, String> declared) {
        return new FunctionSpec(logicalId, functionName, "example.Handler::handleRequest", "java21", 512, 30,
                Path.of("/tmp"), new LinkedHashMap<>(declared), null, List.of());
    }

    private static final FunctionSpec TUNER = function("ScalingTunerFunction", "ScalingTunerFunction", Map.of(
            "SCALING_STEP", "1", "SCALING_COOLDOWN_SECONDS", "300", "OPS_STATE_TABLE", "OpsStateTable", "OPS_DRY_RUN", "false"));

    private EnvVarsFile envVars(String json) throws IOException {
        return EnvVarsFile.read(Files.writeString(dir.resolve("env.json"), json));
    }

    private Map<String, String> resolve(FunctionSpec function, Map<String, String> shell, EnvVarsFile file, boolean dryRun) {
        return FunctionEnvironment.resolve(function, shell, file, dryRun, warnings::add);
    }

    @Test
    void withNothingElseTheTemplatesValuesApply() {
        assertThat(resolve(TUNER, Map.of(), EnvVarsFile.NONE, false)).isEqualTo(TUNER.environment());
    }

    @Test
    void theFunctionsSectionBeatsParametersWhichBeatsTheShellWhichBeatsTheTemplate() throws IOException {
        EnvVarsFile file = envVars("""
                {"Parameters": {"SCALING_STEP": "2", "OPS_STATE_TABLE": "shared-table"},
                 "ScalingTunerFunction": {"SCALING_STEP": 3}}""");
        Map<String, String> shell = Map.of("SCALING_STEP", "9", "OPS_STATE_TABLE", "shell-table",
                "SCALING_COOLDOWN_SECONDS", "60");

        Map<String, String> environment = resolve(TUNER, shell, file, false);

        assertThat(environment)
                .containsEntry("SCALING_STEP", "3")
                .containsEntry("OPS_STATE_TABLE", "shared-table")
                .containsEntry("SCALING_COOLDOWN_SECONDS", "60")
                .containsEntry("OPS_DRY_RUN", "false");
    }

    @Test
    void variablesTheTemplateDoesNotDeclareAreIgnoredWithAWarningForTheFunctionsOwnSection() throws IOException {
        EnvVarsFile file = envVars("""
                {"Parameters": {"SLACK_CHANNEL": "#ops"},
                 "ScalingTunerFunction": {"SCALING_STPE": "2"}}""");

        Map<String, String> environment = resolve(TUNER, Map.of("HOME", "/home/me"), file, false);

        assertThat(environment).doesNotContainKeys("SLACK_CHANNEL", "SCALING_STPE", "HOME");
        assertThat(warnings).singleElement().asString()
                .contains("SCALING_STPE").contains("ScalingTunerFunction").contains("ignored");
    }

    @Test
    void aSectionKeyedByFunctionNameAppliesButTheLogicalIdsSectionWins() throws IOException {
        FunctionSpec named = function("ScalingTunerFunction", "buddyverse-ops-scaling", Map.of("SCALING_STEP", "1",
                "SCALING_COOLDOWN_SECONDS", "300"));
        EnvVarsFile file = envVars("""
                {"buddyverse-ops-scaling": {"SCALING_STEP": "4", "SCALING_COOLDOWN_SECONDS": "120"},
                 "ScalingTunerFunction": {"SCALING_STEP": "5"}}""");

        assertThat(resolve(named, Map.of(), file, false))
                .containsEntry("SCALING_STEP", "5")
                .containsEntry("SCALING_COOLDOWN_SECONDS", "120");
    }

    @Test
    void dryRunSetsOpsDryRunWhateverTheFileSays() throws IOException {
        EnvVarsFile file = envVars("{\"ScalingTunerFunction\": {\"OPS_DRY_RUN\": \"false\"}}");

        assertThat(resolve(TUNER, Map.of(), file, true)).containsEntry("OPS_DRY_RUN", "true");
    }

    @Test
    void anEnvVarsFileThatIsNotSamsShapeIsRejectedWithTheExpectedShape() throws IOException {
        assertThatThrownBy(() -> envVars("{\"ScalingTunerFunction\": \"SCALING_STEP=2\"}"))
                .isInstanceOf(SetupException.class).hasMessageContaining("must map variable names to values");
        assertThatThrownBy(() -> envVars("[1, 2]"))
                .isInstanceOf(SetupException.class).hasMessageContaining("{\"Parameters\"");
        assertThatThrownBy(() -> envVars("{\"Parameters\": {"))
                .isInstanceOf(SetupException.class).hasMessageContaining("is not JSON");
    }
}
