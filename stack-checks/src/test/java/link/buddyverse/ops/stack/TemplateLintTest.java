package link.buddyverse.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** template.yaml passes cfn-lint, which applies the SAM transform first and checks the result. */
class TemplateLintTest {

    @Test
    void passesCfnLintWithoutASingleFinding() throws Exception {
        Path root = TemplateFixture.repositoryRoot();
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "template.yaml")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException notInstalled) {
            fail("cfn-lint is not on the PATH, so template.yaml cannot be checked: pip install cfn-lint");
            return;
        }
        lint.getOutputStream().close();
        // cfn-lint loads the whole CloudFormation spec on start: seconds, not minutes.
        if (!lint.waitFor(180, TimeUnit.SECONDS)) {
            lint.destroyForcibly();
            fail("cfn-lint template.yaml did not finish within 180 s");
        }
        String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(findings).as("cfn-lint template.yaml (run it in %s to see the same)", root).isBlank();
        assertThat(lint.exitValue()).as("cfn-lint exit code; its output:%n%s", findings).isZero();
    }
}
