package link.buddyverse.ops.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.handler.Priming;
import org.junit.jupiter.api.Test;

/** The SnapStart priming step runs the real decode -> judge -> plan -> encode path, with no AWS endpoint at all. */
class ReplicaRotatorPrimingTest {

    @Test
    void primingTakesALaggingReplicaOutWithoutTouchingAws() throws Exception {
        // An endpoint nothing listens on: any AWS call would fail the test.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:9");
        System.setProperty("aws.region", "ap-northeast-2");
        ReplicaRotatorHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder()
                .properties(Map.of("ops.state-table", "OpsState")), ReplicaRotatorHandler::new);
        try {
            String encoded = handler.getApplicationContext().getBean(Priming.class).prime();

            assertThat(encoded).contains("\"action\":\"ChangeReadRecords\"").contains("reads are on the primary");
        } finally {
            System.clearProperty("aws.endpointUrl");
            System.clearProperty("aws.region");
            handler.close();
        }
    }
}
