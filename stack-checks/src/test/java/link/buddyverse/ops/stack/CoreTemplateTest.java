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

/** core/template.yaml is a valid template that exports everything the ops stack (template.yaml) takes from it. */
class CoreTemplateTest {

    static final String CORE_GROUP = "Core stack (outputs of core/template.yaml)";

    private final Path root = SampleEvents.repositoryRoot();
    private final Map<String, Object> core = CloudFormationYaml.load(root.resolve("core/template.yaml"));
    private final Map<String, Object> ops = CloudFormationYaml.load(root.resolve("template.yaml"));

    @Test
    void exportsEveryParameterTheOpsStackTakesFromIt() {
        List<String> expected = coreParameters();
        assertThat(expected).as("template.yaml's parameter group '%s'", CORE_GROUP)
                .contains("GroupName", "TargetGroupName", "TargetGroupFullName", "LoadBalancerFullName");
        Map<String, Object> outputs = TemplateJson.map(core, "Outputs");
        for (String parameter : expected) {
            assertThat(TemplateJson.map(ops, "Parameters")).as("template.yaml declares %s", parameter).containsKey(parameter);
            assertThat(outputs).as("core/template.yaml has an output %s for template.yaml's parameter", parameter).containsKey(parameter);
            assertThat(TemplateJson.map(TemplateJson.map(outputs, parameter), "Export"))
                    .as("core/template.yaml exports %s", parameter).containsKey("Name");
        }
    }

    @Test
    void everyOpsParameterNamedLikeACoreOutputIsInTheCoreGroup() {
        List<String> named = new ArrayList<>(TemplateJson.map(ops, "Parameters").keySet());
        named.retainAll(TemplateJson.map(core, "Outputs").keySet());
        assertThat(coreParameters()).as("template.yaml parameters that core/template.yaml outputs under the same name")
                .containsAll(named);
    }

    @Test
    void theOpsStacksDefaultsNameWhatTheCoreStackCreates() {
        Map<String, Object> resources = TemplateJson.map(core, "Resources");
        Map<String, Object> outputs = TemplateJson.map(core, "Outputs");
        List<String> checked = new ArrayList<>();
        for (String parameter : coreParameters()) {
            Object value = TemplateJson.map(outputs, parameter).get("Value");
            // An EFS file system's Ref is the id EFS generates, not a name: its default is checked below.
            if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
                    && !"AWS::EFS::FileSystem".equals(TemplateJson.map(resources, id).get("Type"))) {
                // A Ref of these resources is their name: the default must be the name the core stack gives it.
                Map<String, Object> properties = TemplateJson.map(TemplateJson.map(resources, id), "Properties");
                Object name = List.of("AutoScalingGroupName", "DBInstanceIdentifier", "DashboardName", "Name").stream()
                        .map(properties::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                assertThat(defaultOf(parameter)).as("template.yaml's default of %s, the name of core's %s", parameter, id)
                        .isEqualTo(String.valueOf(name));
                checked.add(parameter);
            }
        }
        assertThat(checked).contains("GroupName", "DashboardName", "DatabaseInstanceId", "ReplicaInstanceId");
        Map<String, Object> targetGroup = TemplateJson.map(TemplateJson.map(resources, "TargetGroup"), "Properties");
        assertThat(defaultOf("TargetGroupName")).isEqualTo(targetGroup.get("Name"));
        assertThat(defaultOf("TargetGroupFullName")).startsWith("targetgroup/" + targetGroup.get("Name") + "/");
        String loadBalancer = String.valueOf(TemplateJson.map(TemplateJson.map(resources, "LoadBalancer"), "Properties").get("Name"));
        assertThat(defaultOf("LoadBalancerFullName")).startsWith("app/" + loadBalancer + "/");
        // EfsGuardFunction finds a file system given by its Name tag rather than its id.
        Object fileSystemTags = TemplateJson.map(TemplateJson.map(resources, "FileSystem"), "Properties").get("FileSystemTags");
        assertThat(String.valueOf(fileSystemTags)).contains("Value=" + defaultOf("FileSystemId"));
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

    private String defaultOf(String parameter) {
        return String.valueOf(TemplateJson.map(TemplateJson.map(ops, "Parameters"), parameter).get("Default"));
    }
}
