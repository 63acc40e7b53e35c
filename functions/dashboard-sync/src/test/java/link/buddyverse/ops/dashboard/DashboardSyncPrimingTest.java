package link.buddyverse.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.handler.Priming;
import org.junit.jupiter.api.Test;

/** The SnapStart priming step runs the real decode -> render -> compare -> encode path, with no AWS endpoint at all. */
class DashboardSyncPrimingTest {

    @Test
    void primingRendersBothDashboardsWithoutTouchingAws() throws Exception {
        // An endpoint nothing listens on: any AWS call would fail the test.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:9");
        System.setProperty("aws.region", "ap-northeast-2");
        DashboardSyncHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder()
                .properties(Map.of("ops.state-table", "OpsState")), DashboardSyncHandler::new);
        try {
            String encoded = handler.getApplicationContext().getBean(Priming.class).prime();

            assertThat(encoded).contains("\"action\":\"PutDashboard\"").contains("Buddyverse-Ops").contains("CPU-Per-Second")
                    .contains("i-priming1");
        } finally {
            System.clearProperty("aws.endpointUrl");
            System.clearProperty("aws.region");
            handler.close();
        }
    }
}
