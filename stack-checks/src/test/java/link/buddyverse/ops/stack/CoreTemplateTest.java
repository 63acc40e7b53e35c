package link.buddyverse.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import link.buddyverse.ops.sam.CloudFormationYaml;
import link.buddyverse.ops.sam.TemplateJson;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Test;

/** core/template.yaml is a valid template whose web servers are managed nodes and that exports everything the ops stack imports. */
class CoreTemplateTest {

    static final String CORE_GROUP = "Core stack (core/template.yaml)";

    private final Path root = SampleEvents.repositoryRoot();
    private final Map<String, Object> core = CloudFormationYaml.load(root.resolve("core/template.yaml"));
    private final Map<String, Object> ops = CloudFormationYaml.load(root.resolve("template.yaml"));

    @Test
    void everyCoreValueOfTheOpsStackIsImportedFromAnExportOfTheCoreStackNamedByItsOneParameter() {
        assertThat(coreParameters()).as("template.yaml's parameter group '%s'", CORE_GROUP).containsExactly("CoreStackName");
        List<String> imported = new ArrayList<>();
        collectImports(ops, imported);
        assertThat(imported).as("what template.yaml imports")
                .contains("GroupName", "TargetGroupName", "TargetGroupFullName", "LoadBalancerFullName", "LoadBalancerName",
                        "FileSystemId", "PrivateHostedZoneId", "ReadRecordName", "ReplicaLagAlarmPrefix", "DashboardName",
                        "DatabaseInstanceId", "ReplicaInstanceId", "LaunchHookName", "TerminateHookName", "EfsMountPath");
        Map<String, Object> outputs = TemplateJson.map(core, "Outputs");
        for (String name : imported) {
            assertThat(outputs).as("core/template.yaml has an output %s for template.yaml's import", name).containsKey(name);
            assertThat(TemplateJson.map(TemplateJson.map(outputs, name), "Export").get("Name"))
                    .as("core/template.yaml exports %s as <stack>-%s", name, name)
                    .isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-" + name));
        }
    }

    @Test
    void theOpsStackTakesNoParameterForAValueTheCoreStackExportsAndHasNoPlaceholderDefaults() {
        Map<String, Object> parameters = TemplateJson.map(ops, "Parameters");
        List<String> named = new ArrayList<>(parameters.keySet());
        named.retainAll(TemplateJson.map(core, "Outputs").keySet());
        assertThat(named).as("template.yaml parameters that copy a core output by hand").isEmpty();
        parameters.forEach((name, declaration) -> assertThat(String.valueOf(((Map<?, ?>) declaration).get("Default")))
                .as("default of %s", name)
                .doesNotContain("0123456789abcdef").doesNotContain("123456789012").doesNotContain("AbCdEf")
                .isNotEqualTo("Buddy-EFS"));
    }

    @Test
    void theWebServersAreSsmManagedNodesThroughTheirLaunchTemplatesInstanceProfile() {
        Map<String, Object> resources = TemplateJson.map(core, "Resources");
        Map<String, Object> data = TemplateJson.map(TemplateJson.map(TemplateJson.map(resources, "WebLaunchTemplate"),
                "Properties"), "LaunchTemplateData");
        assertThat(data.get("IamInstanceProfile")).isEqualTo(Map.of("Arn", Map.of("Fn::GetAtt", List.of("WebInstanceProfile", "Arn"))));
        Map<String, Object> profile = TemplateJson.map(TemplateJson.map(resources, "WebInstanceProfile"), "Properties");
        assertThat(TemplateJson.list(profile.get("Roles"))).containsExactly(Map.of("Ref", "WebInstanceRole"));
        Map<String, Object> role = TemplateJson.map(TemplateJson.map(resources, "WebInstanceRole"), "Properties");
        assertThat(String.valueOf(role.get("AssumeRolePolicyDocument"))).contains("ec2.amazonaws.com").contains("sts:AssumeRole");
        assertThat(TemplateJson.list(role.get("ManagedPolicyArns")))
                .containsExactly(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"));
        // Nothing else reaches Run Command: the bastion and the NAT instances have no profile.
        resources.forEach((id, resource) -> {
            if ("AWS::EC2::Instance".equals(((Map<?, ?>) resource).get("Type"))) {
                assertThat(TemplateJson.map(TemplateJson.map(resources, id), "Properties")).as(id).doesNotContainKey("IamInstanceProfile");
            }
        });
    }

    @Test
    void theExportedNamesAreTheOnesTheCoreStackDeclares() {
        Map<String, Object> resources = TemplateJson.map(core, "Resources");
        Map<String, Object> outputs = TemplateJson.map(core, "Outputs");
        String hooks = String.valueOf(TemplateJson.map(TemplateJson.map(resources, "WebGroup"), "Properties")
                .get("LifecycleHookSpecificationList"));
        assertThat(hooks).contains("LifecycleHookName=" + value(outputs, "LaunchHookName") + ", LifecycleTransition=autoscaling:EC2_INSTANCE_LAUNCHING")
                .contains("LifecycleHookName=" + value(outputs, "TerminateHookName") + ", LifecycleTransition=autoscaling:EC2_INSTANCE_TERMINATING");
        assertThat(String.valueOf(TemplateJson.map(TemplateJson.map(resources, "ReplicaLagAlarm"), "Properties").get("AlarmName")))
                .startsWith(value(outputs, "ReplicaLagAlarmPrefix"));
        assertThat(String.valueOf(TemplateJson.map(TemplateJson.map(resources, "WebLaunchTemplate"), "Properties")))
                .contains(" " + value(outputs, "EfsMountPath") + " nfs4");
    }

    private static String value(Map<String, Object> outputs, String name) {
        return String.valueOf(TemplateJson.map(outputs, name).get("Value"));
    }

    /** The X of every {@code Fn::ImportValue: !Sub ${CoreStackName}-X}; any other import fails the test. */
    private static void collectImports(Object node, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::ImportValue")) {
                Object name = map.get("Fn::ImportValue");
                assertThat(name).as("an import of template.yaml").isInstanceOf(Map.class);
                String sub = String.valueOf(((Map<?, ?>) name).get("Fn::Sub"));
                assertThat(sub).as("an import of template.yaml").startsWith("${CoreStackName}-");
                found.add(sub.substring("${CoreStackName}-".length()));
                return;
            }
            map.values().forEach(value -> collectImports(value, found));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectImports(item, found));
        }
    }

    @Test
    void passesCfnLintWithoutASingleFinding() throws Exception {
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "core/template.yaml").directory(root.toFile()).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            fail("cfn-lint is not on the PATH, so core/template.yaml cannot be checked: pip install cfn-lint");
            return;
        }
        lint.getOutputStream().close();
        if (!lint.waitFor(180, TimeUnit.SECONDS)) {
            lint.destroyForcibly();
            fail("cfn-lint core/template.yaml did not finish within 180 s");
        }
        String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(findings).as("cfn-lint core/template.yaml (run it in %s to see the same)", root).isBlank();
        assertThat(lint.exitValue()).isZero();
    }

    private List<String> coreParameters() {
        Map<String, Object> metadata = TemplateJson.map(TemplateJson.map(ops, "Metadata"), "AWS::CloudFormation::Interface");
        for (Object group : TemplateJson.list(metadata.get("ParameterGroups"))) {
            Map<?, ?> g = (Map<?, ?>) group;
            if (g.get("Label") instanceof Map<?, ?> label && CORE_GROUP.equals(label.get("default"))) {
                return TemplateJson.list(g.get("Parameters")).stream().map(String::valueOf).toList();
            }
        }
        return List.of();
    }
}
