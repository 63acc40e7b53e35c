package link.buddyverse.ops.incident.message;

import link.buddyverse.ops.incident.NotifierSettings;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.IncidentLifecycle;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.testing.SampleEvents;

/**
 * The sample incident docs/incident-notifier.md shows, rendered by the real message builder from the recorded samples: the
 * CPU-High alarm with ScalingTunerFunction's scale-out threaded under it. Run {@link #main} to print the Block
 * Kit JSON and the Block Kit Builder link; {@code ReadmeSampleTest} keeps that page in step with it.
 */
public final class SampleIncident {

    static final Instant NOW = Instant.parse("2026-11-25T08:00:02Z");

    private SampleIncident() {
    }

    /** The incident's message as chat.postMessage sends it. */
    static SlackMessage message() {
        JsonMapper json = JsonMapper.createDefault();
        EventDecoder events = new EventDecoder(json);
        NotifierSettings settings = new NotifierSettings("Buddy-", List.of("Buddy-CPU-High", "Buddy-Unhealthy-Hosts"),
                List.of("Buddy-Unhealthy-Hosts"), List.of("Buddy-CPU-Low"), "#buddy-incidents", "#buddy-ops",
                "CPU-Per-Second", "ap-northeast-2", 10, 15, 30, 60, 14, 120);
        IncidentLifecycle lifecycle = new IncidentLifecycle(settings);
        AlarmStateChange alarm = (AlarmStateChange) events.decodeSingle(tree(json, "alarm-cpu-high.json"));
        OpsActionEvent action = (OpsActionEvent) events.decodeSingle(tree(json, "ops-action-applied.json"));
        Incident opened = lifecycle.onAlarm(null, false, alarm, alarm.time()).next();
        Incident withAction = lifecycle.onAction(opened, null, action, "action:Buddy-AutoScaling-Group", NOW).next();
        return new IncidentMessages(settings).incident(withAction, NOW);
    }

    /** {@code {"blocks": [...]}}, indented for reading. */
    static String prettyJson() {
        try {
            // Two-space indents, "key": value, one array element a line: as Block Kit Builder shows JSON.
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            ObjectMapper jackson = new ObjectMapper();
            return jackson.writer(printer).writeValueAsString(jackson.readTree(json())).replace(System.lineSeparator(), "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the message in Slack's Block Kit Builder. */
    static String builderLink() {
        return "https://app.slack.com/block-kit-builder#"
                + URLEncoder.encode(json(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static void main(String[] args) {
        System.out.println(prettyJson());
        System.out.println();
        System.out.println(builderLink());
    }

    /** The message as the notifier serialises it (the kit's Jackson, {@link BlockKit}). */
    private static String json() {
        return new BlockKit(JsonMapper.createDefault()).message(message());
    }

    private static JsonNode tree(JsonMapper json, String sample) {
        try {
            return json.readValue(SampleEvents.read("incident-notifier", sample), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
