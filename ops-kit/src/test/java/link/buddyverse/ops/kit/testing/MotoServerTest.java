package link.buddyverse.ops.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class MotoServerTest {

    @Test
    void failsWithOneSentenceOnHowToInstallItWhenMotoServerIsNotOnThePath() {
        assertThatThrownBy(() -> MotoServer.start("/nonexistent/bin"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("moto_server was not found on PATH; install it with: pip install 'moto[server]'");
    }

    @Test
    @ExtendWith(MotoExtension.class)
    void theExtensionStartsMotoOnAFreeLoopbackPortAndPointsTheSdkAtIt(MotoServer moto) throws Exception {
        assertThat(moto.endpoint()).startsWith("http://127.0.0.1:");
        assertThat(System.getProperty("aws.endpointUrl")).isEqualTo(moto.endpoint());
        HttpURLConnection connection = (HttpURLConnection) URI.create(moto.endpoint() + "/moto-api/").toURL().openConnection();
        assertThat(connection.getResponseCode()).isEqualTo(200);
    }
}
