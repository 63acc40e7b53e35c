package link.buddyverse.ops.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.SetupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which AWS a local invocation talks to, and the one sentence it says when there is none. */
class AwsTargetTest {

    @TempDir
    Path home;

    private AwsTarget target(Map<String, String> environment) {
        return AwsTarget.from(environment, home);
    }

    @Test
    void anEndpointThatRefusesConnectionsFailsWithinASecondWithHowToStartOne() {
        int port = CliRun.closedLoopbackPort();
        AwsTarget target = target(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port));

        long start = System.nanoTime();
        assertThatThrownBy(target::check)
                .isInstanceOf(SetupException.class)
                .hasMessage("No AWS endpoint answers at http://127.0.0.1:" + port + " (AWS_ENDPOINT_URL): start one with"
                        + " 'moto_server -H 127.0.0.1 -p " + port + "' or unset AWS_ENDPOINT_URL to use your AWS account.");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void anEndpointThatAcceptsConnectionsPasses() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AwsTarget target = target(Map.of("AWS_ENDPOINT_URL", "http://localhost:" + listening.getLocalPort()));

            assertThatCode(target::check).doesNotThrowAnyException();
        }
    }

    @Test
    void noEndpointAndNoCredentialsFailsWithBothWaysOut() {
        assertThatThrownBy(() -> target(Map.of()).check())
                .isInstanceOf(SetupException.class)
                .hasMessage("No AWS endpoint: set AWS_ENDPOINT_URL=http://127.0.0.1:4566 to use a local moto_server"
                        + " (moto_server -H 127.0.0.1 -p 4566), or configure AWS credentials.");
    }

    @Test
    void withoutAnEndpointAnyConfiguredCredentialsMeanTheUsersAccount() throws IOException {
        assertThatCode(() -> target(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s")).check())
                .doesNotThrowAnyException();
        assertThatCode(() -> target(Map.of("AWS_PROFILE", "buddyverse")).check()).doesNotThrowAnyException();

        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIA\n");
        assertThatCode(() -> target(Map.of()).check()).doesNotThrowAnyException();
    }

    @Test
    void onlyTheLoopbackAddressesCountAsALocalSandbox() {
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).isLoopback()).isTrue();
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")).isLoopback()).isTrue();
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://[::1]:4566")).isLoopback()).isTrue();
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.2:4566")).isLoopback()).isFalse();
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://10.0.0.5:4566")).isLoopback()).isFalse();
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "https://localhost.example.com")).isLoopback()).isFalse();
        assertThat(target(Map.of()).isLoopback()).isFalse();
    }

    @Test
    void aLoopbackSandboxGetsTheDefaultRegionAndDummyCredentialsWhenNoneAreSet() {
        Map<String, String> variables = target(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).functionVariables();

        assertThat(variables)
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
                .containsEntry("AWS_REGION", "ap-northeast-2")
                .containsEntry("AWS_ACCESS_KEY_ID", "testing")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "testing");
    }

    @Test
    void anyOtherEndpointGetsTheUsersCredentialsOrNone() {
        assertThat(target(Map.of("AWS_ENDPOINT_URL", "http://10.0.0.5:4566")).functionVariables())
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(target(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token", "AWS_REGION", "us-east-1")).functionVariables())
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIA")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret")
                .containsEntry("AWS_SESSION_TOKEN", "token")
                .containsEntry("AWS_REGION", "us-east-1")
                .doesNotContainKey("AWS_ENDPOINT_URL");
    }

    @Test
    void theRegionIsAwsRegionElseAwsDefaultRegionElseSeoul() {
        assertThat(target(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-east-1")).region()).isEqualTo("eu-west-1");
        assertThat(target(Map.of("AWS_DEFAULT_REGION", "us-east-1")).region()).isEqualTo("us-east-1");
        assertThat(target(Map.of()).region()).isEqualTo("ap-northeast-2");
    }

    @Test
    void anEndpointThatIsNotAUrlIsRejectedWithAnExample() {
        assertThatThrownBy(() -> target(Map.of("AWS_ENDPOINT_URL", "127.0.0.1:4566")))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("is not a URL").hasMessageContaining("http://127.0.0.1:4566");
    }
}
