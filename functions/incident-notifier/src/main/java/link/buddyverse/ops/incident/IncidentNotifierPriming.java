package link.buddyverse.ops.incident;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;

/**
 * Warms the hot path before SnapStart takes its snapshot: decodes a sample alarm, runs the lifecycle, renders
 * the incident message and a reply with the Slack SDK's Block Kit model, runs the SDK's request path short of
 * the network ({@link SlackGateway#prime}), and encodes a result, many times. Touches neither AWS nor Slack:
 * nothing in a snapshot may depend on a connection or a credential of the moment (the credentials are read
 * after restore).
 */
@Singleton
public class IncidentNotifierPriming implements Resource {

    static final int ROUNDS = 200;

    private final NotifierEvents events;
    private final JsonMapper jsonMapper;
    private final IncidentMessages messages;
    private final IncidentLifecycle lifecycle;
    private final SlackGateway slack;

    public IncidentNotifierPriming(NotifierEvents events, JsonMapper jsonMapper, IncidentMessages messages,
                                   NotifierSettings settings, SlackGateway slack) {
        this.events = events;
        this.jsonMapper = jsonMapper;
        this.messages = messages;
        this.lifecycle = new IncidentLifecycle(settings);
        this.slack = slack;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing cached here depends on the moment of the snapshot.
    }

    /** Runs decode -> lifecycle -> render -> encode; returns the last Block Kit JSON so tests can check it. */
    public String prime() throws IOException {
        byte[] sample;
        try (InputStream in = getClass().getResourceAsStream("/priming/alarm.json")) {
            if (in == null) {
                throw new IOException("the priming sample event is missing from the jar");
            }
            sample = in.readAllBytes();
        }
        Instant now = Instant.parse("2026-11-25T08:00:00Z");
        String blocks = null;
        for (int round = 0; round < ROUNDS; round++) {
            AlarmChanged alarm = (AlarmChanged) events.decode(jsonMapper.readValue(sample, JsonNode.class));
            Transition opened = lifecycle.onAlarm(null, false, alarm, now);
            SlackMessage message = messages.incident(opened.next(), now);
            blocks = IncidentMessages.blockKitJson(message);
            slack.prime(message);
            IncidentMessages.blockKitJson(messages.reply(IncidentThread.insufficientData("priming"), "priming", false));
            jsonMapper.writeValueAsString(new NotifierResult(IncidentNotifier.NAME, "notified",
                    NotifierResult.InputView.of(alarm), NotifierResult.IncidentView.of(opened.next()),
                    opened.change().label(), DeliveryReport.none(), List.of(opened.summary()), null));
        }
        return blocks;
    }
}
