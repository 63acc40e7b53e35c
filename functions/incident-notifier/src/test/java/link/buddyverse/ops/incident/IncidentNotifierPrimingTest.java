package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SnapStart priming runs the hot path without AWS or Slack (no endpoint is configured here at all). */
class IncidentNotifierPrimingTest {

    @Test
    void primingRendersTheSampleIncidentAndTouchesNoNetwork() throws IOException {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("slack.api-url", "http://127.0.0.1:9/api/")).start()) {
            String blocks = context.getBean(IncidentNotifierPriming.class).prime();

            assertThat(blocks).startsWith("{\"blocks\":[{\"type\":\"header\"").contains("Warning: priming");
        }
    }
}
