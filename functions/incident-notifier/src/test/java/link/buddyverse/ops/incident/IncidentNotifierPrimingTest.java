package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.util.Map;
import link.buddyverse.ops.kit.handler.Priming;
import org.junit.jupiter.api.Test;

/**
 * The kit's SnapStart priming runs the notifier's hot path from {@code priming/IncidentNotifierFunction.json}
 * without AWS or Slack (no endpoint is configured here at all: a call to either would fail the test).
 */
class IncidentNotifierPrimingTest {

    @Test
    void primingRendersTheSampleIncidentAndTouchesNoNetwork() throws IOException {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("slack.api-url", "http://127.0.0.1:9/api/", "slack.bot-token", "xoxb-never-used")).start()) {
            Priming priming = context.getBean(Priming.class);

            String encoded = priming.prime();

            assertThat(priming.samplePath()).isEqualTo("/priming/IncidentNotifierFunction.json");
            assertThat(encoded).contains("\"function\":\"IncidentNotifierFunction\"").contains("\"status\":\"notified\"")
                    .contains("\"change\":\"opened\"").contains("\"title\":\"priming\"")
                    .contains("characters of Block Kit");
        }
    }
}
