package link.buddyverse.ops.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which functions EventBridge delivers an event to, by template.yaml's own rules (the demo's routing). */
class EventRoutingTest {

    private static final Path ROOT = SampleEvents.repositoryRoot();
    private static final StackContext SEOUL = StackContext.local("ap-northeast-2");

    @TempDir
    Path dir;

    private static String sample(String function, String file) throws IOException {
        return Files.readString(ROOT.resolve("events").resolve(function).resolve(file));
    }

    private static List<String> targets(EventRouting routing, String bus, String event) {
        return routing.matching(bus, event).stream().map(EventRule::name).toList();
    }

    @Test
    void anAlarmOfTheStackReachesTheFunctionThatActsAndTheNotifierThatTells() throws IOException {
        EventRouting routing = EventRouting.of(SamTemplate.load(ROOT.resolve("template.yaml")), SEOUL);

        assertThat(targets(routing, "default", sample("scaling-tuner", "cpu-high-alarm.json")))
                .containsExactly("ScalingTunerFunction/AlarmStateChange", "IncidentNotifierFunction/AlarmStateChange");
    }

    @Test
    void anOpsActionOnTheOpsBusReachesTheNotifierOnlyAndNothingOnAnotherBus() throws IOException {
        EventRouting routing = EventRouting.of(SamTemplate.load(ROOT.resolve("template.yaml")), SEOUL);
        String action = sample("incident-notifier", "ops-action-applied.json");

        assertThat(targets(routing, "default", action)).containsExactly("IncidentNotifierFunction/OpsAction");
        assertThat(targets(routing, "someone-elses-bus", action)).isEmpty();
    }

    @Test
    void anAlarmNoRuleListensForReachesNobody() throws IOException {
        EventRouting routing = EventRouting.of(SamTemplate.load(ROOT.resolve("template.yaml")), SEOUL);
        String foreign = sample("scaling-tuner", "cpu-high-alarm.json").replace("\"Buddy-CPU-High\"", "\"Someone-Elses-Alarm\"");

        assertThat(targets(routing, "default", foreign)).isEmpty();
    }

    @Test
    void aPatternBrokenInTheTemplateNoLongerMatches() throws IOException {
        String template = Files.readString(ROOT.resolve("template.yaml"))
                .replace("detail-type: [Ops Action]", "detail-type: [Ops Actions]");
        Path broken = Files.writeString(dir.resolve("template.yaml"), template);
        EventRouting routing = EventRouting.of(SamTemplate.load(broken), SEOUL);

        assertThat(targets(routing, "default", sample("incident-notifier", "ops-action-applied.json"))).isEmpty();
    }
}
