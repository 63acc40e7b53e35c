package link.buddyverse.ops.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import org.junit.jupiter.api.Test;

/**
 * A small soak end to end (issue 20): ScalingTunerFunction's jar under the runtime interface client in three warm
 * containers against the sandbox, duplicates at once, faults through the gateway, retries a second later, cooldown 0.
 */
class SoakCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void aSmallSoakWithFaultsAndLateRetriesEndsWithNoFinding() throws Exception {
        CliRun run = CliRun.of(new OpsCli(System.getenv()), "soak", "--events", "40", "--retry-delay", "1", "--seed", "7", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Map<String, Object> report = (Map<String, Object>) Json.parse(run.out());
        assertThat((List<String>) report.get("findings")).isEmpty();
        assertThat(report).containsEntry("passed", true).containsEntry("events", 40);
        assertThat(((Number) report.get("deliveries")).intValue()).isGreaterThan(40);
        assertThat((Map<String, Object>) report.get("finalStatus")).containsKey("applied");
        assertThat(((Map<String, Number>) report.get("faultHits")).values().stream().mapToInt(Number::intValue).sum()).isPositive();
        Map<String, Object> group = (Map<String, Object>) report.get("group");
        assertThat(((Number) group.get("changedTheGroup")).intValue()).isPositive();
        assertThat(((Number) group.get("unattributed")).intValue()).isZero();
    }
}
