package link.buddyverse.ops.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.MotoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

class MotoServerTest {

    @Test
    void failsWithOneSentenceOnHowToInstallItWhenMotoServerIsNotOnThePath() {
        assertThatThrownBy(() -> MotoServer.start("/nonexistent/bin"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(MotoProcess.INSTALL_HINT);
    }

    @Test
    @ExtendWith(MotoExtension.class)
    void theExtensionStartsMotoOnAFreeLoopbackPortAndPointsTheSdkAtTheGatewayInFrontOfIt(MotoServer moto, Gateway gateway)
            throws Exception {
        assertThat(moto.endpoint()).startsWith("http://127.0.0.1:").isEqualTo(gateway.endpoint().toString());
        assertThat(gateway.motoEndpoint().toString()).isEqualTo(moto.motoEndpoint());
        assertThat(System.getProperty("aws.endpointUrl")).isEqualTo(moto.endpoint());
        HttpURLConnection connection = (HttpURLConnection) URI.create(moto.motoEndpoint() + "/moto-api/").toURL().openConnection();
        assertThat(connection.getResponseCode()).isEqualTo(200);
    }

    @Test
    @ExtendWith(MotoExtension.class)
    void anSdkClientBuiltFromTheSystemPropertiesGoesThroughTheGateway(Gateway gateway) {
        assertThat(gateway.calls().all()).as("reset before each test").isEmpty();
        gateway.faults().on("autoscaling", "DescribeAutoScalingGroups").throttle().always();
        try (AutoScalingClient autoScaling = AutoScalingClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(autoScaling::describeAutoScalingGroups)
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
        }
        assertThat(gateway.calls().of("autoscaling", "DescribeAutoScalingGroups")).isNotEmpty()
                .allSatisfy(call -> assertThat(call.handledBy()).isEqualTo("fault:throttle"));
    }
}
