package link.buddyverse.ops.incident;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.testing.MutableClock;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import link.buddyverse.ops.localslack.SlackStandIn;

/**
 * IncidentNotifierFunction as Lambda runs it, for tests: one handler per "container" (its own Micronaut
 * context), all sharing one moved-by-hand clock, talking to moto and to the Slack stand-in on loopback.
 */
public final class Notifier implements AutoCloseable {

    public static final String TABLE = "OpsState";
    public static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    private final Map<String, Object> properties = new HashMap<>();
    private final List<IncidentNotifierHandler> containers = new ArrayList<>();
    private final JsonMapper json = JsonMapper.createDefault();

    public Notifier() {
        properties.put("ops.state-table", TABLE);
        properties.put("slack.timeout-millis", 1500);
    }

    public static Notifier bot(SlackStandIn slack) {
        Notifier notifier = new Notifier().with("slack.bot-token", SlackStandIn.TOKEN).with("slack.api-url", slack.apiUrl());
        slack.followClock(notifier.clock);
        return notifier;
    }

    public static Notifier webhook(SlackStandIn slack) {
        return new Notifier().with("slack.webhook-url", slack.webhookUrl());
    }

    public Notifier with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    /** A fresh container: a new handler with its own application context (and its own credential cache). */
    public IncidentNotifierHandler container() {
        IncidentNotifierHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder()
                .properties(properties).singletons(clock), IncidentNotifierHandler::new);
        containers.add(handler);
        return handler;
    }

    public IncidentNotifierHandler first() {
        return containers.isEmpty() ? container() : containers.get(0);
    }

    public Result invoke(String event) {
        return invoke(first(), event);
    }

    public Result invoke(IncidentNotifierHandler container, String event) {
        return invoke(container, tree(event));
    }

    /** Any input at all, as Lambda hands it over (a null, a string, a tree). */
    public Result invoke(IncidentNotifierHandler container, JsonNode input) {
        return Result.of(container.handleRequest(input, TestLambdaContext.of(IncidentNotifier.NAME)));
    }

    public Result sample(String file) {
        return invoke(sampleEvent(file));
    }

    /** The schedule's tick, with a fresh event id each time as EventBridge sends it. */
    public Result tick() {
        return invoke(SampleEvents.withId(sampleEvent("outbox-delivery-tick.json"), java.util.UUID.randomUUID().toString()));
    }

    public static String sampleEvent(String file) {
        return SampleEvents.read("incident-notifier", file);
    }

    public JsonNode tree(String event) {
        try {
            return json.readValue(event, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        containers.forEach(handler -> handler.getApplicationContext().close());
    }
}
