package link.buddyverse.ops.cli.template;

import static link.buddyverse.ops.cli.template.TemplateFixture.list;
import static link.buddyverse.ops.cli.template.TemplateFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.aws.autoscaling.SetDesiredCapacityExecutor;
import link.buddyverse.ops.kit.aws.autoscaling.SetInstanceHealthExecutor;
import link.buddyverse.ops.kit.aws.autoscaling.UpdateGroupLimitsExecutor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege checked against the code: the IAM actions each executor declares are granted to the
 * function that runs it, on the one resource it changes, and nothing that changes AWS is granted on "*".
 */
class TemplatePermissionsTest {

    private static final TemplateFixture TEMPLATE = TemplateFixture.load();
    private static final String SCALING_TUNER = "ScalingTunerFunction";
    private static final String WEB_TIER_GROUP = "arn:aws:autoscaling:" + TemplateFixture.REGION + ":"
            + TemplateFixture.ACCOUNT + ":autoScalingGroup:*:autoScalingGroupName/Buddy-AutoScaling-Group";

    static Stream<Arguments> scalingTunerExecutors() {
        // The AWS client is only used when an action runs; declaring permissions needs none.
        return Stream.<ActionExecutor<?>>of(new SetDesiredCapacityExecutor(null), new UpdateGroupLimitsExecutor(null),
                        new SetInstanceHealthExecutor(null))
                .map(executor -> Arguments.of(Named.of(executor.getClass().getSimpleName(), executor)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalingTunerExecutors")
    void scalingTunerMayMakeEachCallOfItsExecutorsOnTheWebTierGroupAndNowhereElse(ActionExecutor<?> executor) {
        assertThat(executor.iamActions()).isNotEmpty();
        for (String action : executor.iamActions()) {
            List<Map<String, Object>> granting = statementsAllowing(SCALING_TUNER, action);

            assertThat(granting).as("statements of %s allowing %s", SCALING_TUNER, action).isNotEmpty();
            for (Map<String, Object> statement : granting) {
                assertThat(resources(statement)).as("resources %s may call %s on", SCALING_TUNER, action)
                        .containsOnly(WEB_TIER_GROUP);
            }
        }
    }

    @Test
    void scalingTunerKeepsItsStateOnlyInTheStateTable() {
        for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem")) {
            List<Map<String, Object>> granting = statementsAllowing(SCALING_TUNER, action);

            assertThat(granting).as("statements of %s allowing %s", SCALING_TUNER, action).isNotEmpty();
            granting.forEach(statement -> assertThat(resources(statement)).containsOnly("{GetAtt OpsStateTable.Arn}"));
        }
    }

    @Test
    void noFunctionMayChangeAnythingOnEveryResource() {
        Pattern readOnly = Pattern.compile("[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*");
        TEMPLATE.functions().keySet().forEach(function -> statements(function).stream()
                .filter(statement -> resources(statement).contains("*"))
                .forEach(statement -> assertThat(actions(statement))
                        .as("actions %s may take on every resource (%s)", function, statement.get("Sid"))
                        .allMatch(action -> readOnly.matcher(action).matches())));
    }

    /** The function's inline policy statements (SAM policy templates and managed policies are not inline). */
    private static List<Map<String, Object>> statements(String function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(TEMPLATE.properties(function).get("Policies"))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
                list(document.get("Statement")).forEach(statement -> statements.add(map(statement)));
            }
        }
        return statements;
    }

    private static List<Map<String, Object>> statementsAllowing(String function, String action) {
        return statements(function).stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .filter(statement -> actions(statement).stream().anyMatch(granted -> covers(granted, action)))
                .toList();
    }

    private static List<String> actions(Map<String, Object> statement) {
        return list(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    private static List<String> resources(Map<String, Object> statement) {
        return list(statement.get("Resource")).stream().map(TEMPLATE::resolveString).toList();
    }

    /** IAM matches actions case-insensitively, with * and ? wildcards. */
    private static boolean covers(String granted, String action) {
        String regex = Pattern.quote(granted).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }
}
