package link.buddyverse.ops.cli.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.Intrinsics;
import link.buddyverse.ops.sam.LocalResources;
import link.buddyverse.ops.sam.StackContext;
import org.junit.jupiter.api.Test;

/** One evaluator; only what a resource's Ref / GetAtt gives differs between a local run and the sandbox. */
class IntrinsicsTest {

    private static final Map<String, Object> TEMPLATE = Map.of(
            "Parameters", Map.of("Env", Map.of("Type", "String", "Default", "prod")),
            "Conditions", Map.of("IsProd", Map.of("Fn::Equals", List.of(Map.of("Ref", "Env"), "prod"))),
            "Mappings", Map.of("Sizes", Map.of("prod", Map.of("Max", "4"))),
            "Resources", Map.of("Table", Map.of("Type", "AWS::DynamoDB::Table", "Properties", Map.of("TableName", "ops-state"))));

    private static final Object EXPRESSION = Map.of("Fn::Sub", List.of("${AWS::Region}/${Env}/${Max}/${Table}/${Table.Arn}",
            Map.of("Max", Map.of("Fn::If", List.of("IsProd", Map.of("Fn::FindInMap", List.of("Sizes", "prod", "Max")), "1")))));

    @Test
    void aLocalRunAndTheSandboxShareEverythingButTheResourcesOwnValues() {
        List<String> warnings = new ArrayList<>();
        Intrinsics local = new Intrinsics(TEMPLATE, Map.of("Env", "prod"), StackContext.local("ap-northeast-2"),
                new LocalResources(warnings));
        assertThat(local.evaluate(EXPRESSION))
                .isEqualTo("ap-northeast-2/prod/4/ops-state/arn:aws:dynamodb:ap-northeast-2:123456789012:table/ops-state");

        StackValues sandbox = new StackValues(TEMPLATE, Map.of(), "ops", "ap-northeast-2", "123456789012");
        assertThatThrownBy(() -> sandbox.evaluate(EXPRESSION)).isInstanceOf(StackValues.Unresolved.class)
                .hasMessageContaining("Table");
        sandbox.resolve("Table", "ops-Table-1A2B");
        sandbox.resolveAttribute("Table", "Arn", "arn:aws:dynamodb:ap-northeast-2:123456789012:table/ops-Table-1A2B");
        assertThat(sandbox.evaluate(EXPRESSION))
                .isEqualTo("ap-northeast-2/prod/4/ops-Table-1A2B/arn:aws:dynamodb:ap-northeast-2:123456789012:table/ops-Table-1A2B");
        assertThat(sandbox.condition("IsProd")).isTrue();
    }

    @Test
    void whatCannotBeEvaluatedIsAWarningLocallyAndUnresolvedInTheSandbox() {
        Object imported = Map.of("Fn::ImportValue", "core-VpcId");
        List<String> warnings = new ArrayList<>();
        Intrinsics local = new Intrinsics(TEMPLATE, Map.of(), StackContext.local("ap-northeast-2"), new LocalResources(warnings));
        assertThat(local.evaluate(imported)).isEqualTo("<Fn::ImportValue core-VpcId>");
        assertThat(warnings).singleElement().asString().contains("cannot be resolved locally");
        assertThatThrownBy(() -> new StackValues(TEMPLATE, Map.of(), "ops", "ap-northeast-2", "123456789012").evaluate(imported))
                .isInstanceOf(StackValues.Unresolved.class).hasMessageContaining("not evaluated by the sandbox");
    }
}
