package link.buddyverse.ops.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How `./ops local invoke` reads a function out of a SAM template, as `sam local invoke` would. */
class SamTemplateTest {

    private static final Path TEMPLATE = Path.of("src/test/resources/sam/resolution-template.yaml").toAbsolutePath();
    private static final StackContext SEOUL = StackContext.local("ap-northeast-2");

    private final SamTemplate template = SamTemplate.load(TEMPLATE);

    private FunctionSpec tuner(Map<String, String> overrides) {
        return template.function("TunerFunction", overrides, SEOUL);
    }

    @Test
    void globalsGiveEveryFunctionTheirSettingsUnlessTheFunctionSetsItsOwn() {
        FunctionSpec tuner = tuner(Map.of());
        FunctionSpec named = template.function("NamedFunction", Map.of(), SEOUL);

        assertThat(tuner.memorySize()).isEqualTo(512);
        assertThat(tuner.timeoutSeconds()).isEqualTo(30);
        assertThat(named.memorySize()).isEqualTo(1024);
        assertThat(named.timeoutSeconds()).isEqualTo(5);
        assertThat(tuner.runtime()).isEqualTo("java21");
        assertThat(tuner.logFormat()).isEqualTo("JSON");
        assertThat(tuner.handler()).isEqualTo("example.Tuner::handleRequest");
    }

    @Test
    void environmentVariablesOfGlobalsAndFunctionAreMergedWithTheFunctionsWinning() {
        Map<String, String> environment = tuner(Map.of()).environment();

        assertThat(environment).containsEntry("SHARED", "from-function")
                .containsKeys("OPS_STATE_TABLE", "OPS_EVENT_BUS", "OPS_DRY_RUN", "GROUP");
        assertThat(template.function("NamedFunction", Map.of(), SEOUL).environment())
                .containsEntry("SHARED", "from-globals")
                .doesNotContainKey("GROUP");
    }

    @Test
    void refToAParameterGivesItsDefaultUnlessOverridden() {
        assertThat(tuner(Map.of()).environment())
                .containsEntry("GROUP", "Buddy-AutoScaling-Group")
                .containsEntry("STEP", "1");
        assertThat(tuner(Map.of("GroupName", "Other-Group", "Step", "2")).environment())
                .containsEntry("GROUP", "Other-Group")
                .containsEntry("STEP", "2");
    }

    @Test
    void refToAResourceGivesItsNamePropertyElseItsLogicalId() {
        assertThat(tuner(Map.of()).environment())
                .containsEntry("OPS_STATE_TABLE", "buddyverse-ops-state")
                .containsEntry("OPS_EVENT_BUS", "buddyverse-ops")
                .containsEntry("QUEUE", "Queue");
    }

    @Test
    void getAttArnBuildsTheArnTheResourceWouldHaveInTheLocalAccount() {
        assertThat(tuner(Map.of()).environment())
                .containsEntry("QUEUE_ARN", "arn:aws:sqs:ap-northeast-2:123456789012:Queue")
                .containsEntry("TABLE_ARN", "arn:aws:dynamodb:ap-northeast-2:123456789012:table/buddyverse-ops-state");
    }

    @Test
    void pseudoParametersDescribeTheLocalStackInTheTargetRegion() {
        FunctionSpec inIreland = template.function("TunerFunction", Map.of(), StackContext.local("eu-west-1"));

        assertThat(inIreland.environment()).containsEntry("STACK", "eu-west-1/123456789012/buddyverse-ops/aws");
    }

    @Test
    void conditionsFollowTheParameterValuesAndNoValueRemovesTheVariable() {
        assertThat(tuner(Map.of()).environment())
                .containsEntry("MODE_LABEL", "acting")
                .containsEntry("OPS_DRY_RUN", "false")
                .doesNotContainKey("OPTIONAL");
        assertThat(tuner(Map.of("Mode", "true")).environment())
                .containsEntry("MODE_LABEL", "planning")
                .containsEntry("OPS_DRY_RUN", "true")
                .containsEntry("OPTIONAL", "present");
    }

    @Test
    void listParametersJoinSelectAndSubstitute() {
        assertThat(tuner(Map.of()).environment())
                .containsEntry("ALARMS", "Buddy-CPU-High,Buddy-CPU-Low")
                .containsEntry("FIRST_ALARM", "Buddy-CPU-High")
                .containsEntry("LITERAL", "${NotAVariable}")
                .containsEntry("SUB_WITH_VARIABLES", "ops-Buddy-AutoScaling-Group");
    }

    @Test
    void theFunctionNameIsFunctionNameWhenSetElseTheLogicalId() {
        assertThat(tuner(Map.of()).functionName()).isEqualTo("TunerFunction");
        assertThat(template.function("NamedFunction", Map.of(), SEOUL).functionName()).isEqualTo("buddyverse-ops-named");
    }

    @Test
    void codeUriIsRelativeToTheTemplatesDirectory() {
        assertThat(tuner(Map.of()).codeUri()).isEqualTo(TEMPLATE.getParent().resolve("functions/tuner"));
    }

    @Test
    void aParameterWithoutDefaultMustBeOverriddenOnlyWhenAFunctionUsesIt() {
        assertThat(tuner(Map.of()).environment()).doesNotContainKey("CEILING");
        assertThatThrownBy(() -> template.function("NeedsCeilingFunction", Map.of(), SEOUL))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("--parameter-overrides Ceiling=");
        assertThat(template.function("NeedsCeilingFunction", Map.of("Ceiling", "6"), SEOUL).environment())
                .containsEntry("CEILING", "6");
    }

    @Test
    void anOverrideOfAnUndeclaredParameterIsRejectedWithTheDeclaredOnes() {
        assertThatThrownBy(() -> tuner(Map.of("GroupNmae", "x")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("GroupNmae")
                .hasMessageContaining("GroupName, Step, Mode, Ceiling, Alarms");
    }

    @Test
    void anOverrideOutsideAllowedValuesOrNotANumberIsRejected() {
        assertThatThrownBy(() -> tuner(Map.of("Mode", "maybe")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("AllowedValues");
        assertThatThrownBy(() -> tuner(Map.of("Step", "two")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("must be a Number");
    }

    @Test
    void anUnknownLogicalIdIsRejectedWithTheTemplatesFunctions() {
        assertThatThrownBy(() -> template.function("ScalingTuner", Map.of(), SEOUL))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("TunerFunction, NamedFunction, NeedsCeilingFunction");
        assertThatThrownBy(() -> template.function("StateTable", Map.of(), SEOUL))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void aMissingTemplateSaysWhereItLooked() {
        assertThatThrownBy(() -> SamTemplate.load(Path.of("no/such/template.yaml")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("no/such/template.yaml");
    }
}
