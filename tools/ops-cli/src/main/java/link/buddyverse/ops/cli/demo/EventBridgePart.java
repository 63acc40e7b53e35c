package link.buddyverse.ops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.sam.EventRouting;
import link.buddyverse.ops.sam.EventRule;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.localaws.Call;
import link.buddyverse.ops.localaws.Calls;

/**
 * EventBridge's part: moto runs no rules and no Lambda, so the demo routes events itself, through template.yaml's
 * rules only ({@link EventRouting}, AWS's event-ruler): an event from AWS (an alarm's state change, an RDS or
 * Auto Scaling event) goes to every function whose rule on its bus matches it, in template order; the events the
 * functions put on the bus themselves (their "Ops Action" events, seen as the PutEvents calls the sandbox's gateway
 * recorded) are routed the same way once the event that caused them has reached all its targets, as EventBridge
 * queues them behind it. An event no rule matches reaches nobody, so a pattern that is wrong in template.yaml
 * shows as a function that never heard of it.
 */
final class EventBridgePart {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery: the rule that matched, the event, what the function answered. */
    record Delivery(EventRule rule, String eventId, String detailType, String event, FunctionInvoker.Invocation invocation) {
    }

    private final Timeline timeline;
    private final EventRouting routing;
    private final Calls calls;
    private final Set<Call> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<Emitted> emitted = new ArrayList<>();
    private final ExecutorService targets = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "eventbridge-target");
        thread.setDaemon(true);
        return thread;
    });

    EventBridgePart(Timeline timeline, EventRouting routing, Calls calls) {
        this.timeline = timeline;
        this.routing = routing;
        this.calls = calls;
        seen.addAll(calls.of("events", "PutEvents"));
    }

    /** An event a function put on a bus: its envelope, as EventBridge would deliver it, and who put it. */
    record Emitted(String eventId, String detailType, String event, String emittedBy) {
    }

    /** Every event the functions emitted so far, in order, whether a rule delivered it or not. */
    List<Emitted> emitted() {
        synchronized (emitted) {
            return List.copyOf(emitted);
        }
    }

    /** Every delivery so far, in order. */
    List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /**
     * AWS emits {@code event} on the default bus: each matching rule's function gets it, then the events those
     * functions emitted are routed in turn. Returns the deliveries of {@code event} itself.
     */
    List<Delivery> publish(DrillContext context, String event) {
        List<Delivery> delivered = route(context, new Routed(EventRule.DEFAULT_BUS, event, null));
        routeEmitted(context);
        return delivered;
    }

    /**
     * Routes the events the functions put on a bus since the last look, oldest first, then the ones their
     * deliveries emitted in turn, until none is left.
     */
    void routeEmitted(DrillContext context) {
        Deque<Routed> queue = new ArrayDeque<>(newlyEmitted());
        while (!queue.isEmpty()) {
            route(context, queue.poll());
            queue.addAll(newlyEmitted());
        }
    }

    private record Routed(String bus, String event, String emittedBy) {
    }

    private List<Delivery> route(DrillContext context, Routed routed) {
        JsonNode event = parse(routed.event());
        String detailType = event.path("detail-type").asText();
        String eventId = event.path("id").asText();
        List<EventRule> rules = routing.matching(routed.bus(), routed.event());
        String origin = routed.emittedBy() == null ? event.path("source").asText() : routed.emittedBy();
        if (rules.isEmpty()) {
            timeline.add(Kind.AWS_PART, "EventBridge: \"" + detailType + "\" from " + origin + " on bus " + routed.bus()
                    + " matches no rule of template.yaml: delivered to nobody", List.of(summary(event)));
            return List.of();
        }
        for (EventRule rule : rules) {
            timeline.add(Kind.AWS_PART, "EventBridge: \"" + detailType + "\" from " + origin + " matches rule " + rule.name()
                    + ": delivered to " + rule.function(), List.of(summary(event)));
        }
        // EventBridge invokes a rule's targets independently and at once: one event's functions run side by side.
        List<CompletableFuture<Delivery>> running = rules.stream().map(rule -> CompletableFuture.supplyAsync(
                () -> new Delivery(rule, eventId, detailType, routed.event(),
                context.invoke(rule.function(), routed.event())), targets)).toList();
        List<Delivery> delivered = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<Delivery> delivery : running) {
            try {
                delivered.add(delivery.join());
            } catch (CompletionException e) {
                failed = failed != null ? failed : e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        synchronized (deliveries) {
            deliveries.addAll(delivered);
        }
        if (failed != null) {
            throw failed;
        }
        return delivered;
    }

    /** The events put on a bus since the last look, as EventBridge would deliver them (its envelope around each entry). */
    private List<Routed> newlyEmitted() {
        List<Routed> found = new ArrayList<>();
        for (Call call : calls.of("events", "PutEvents")) {
            if (!seen.add(call) || call.status() != 200) {
                continue;
            }
            JsonNode entries = parse(call.parameters()).path("Entries");
            for (JsonNode entry : entries) {
                String bus = entry.path("EventBusName").asText(EventRule.DEFAULT_BUS);
                ObjectNode envelope = envelope(entry);
                String emittedBy = envelope.path("detail").path("function").asText(entry.path("Source").asText());
                found.add(new Routed(bus.substring(bus.lastIndexOf('/') + 1), envelope.toString(), emittedBy));
                synchronized (emitted) {
                    emitted.add(new Emitted(envelope.path("id").asText(), envelope.path("detail-type").asText(), envelope.toString(),
                            emittedBy));
                }
            }
        }
        return found;
    }

    /** What EventBridge delivers for a PutEvents entry: its envelope, the entry's Detail as an object. */
    static ObjectNode envelope(JsonNode entry) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.path("DetailType").asText());
        event.put("source", entry.path("Source").asText());
        event.put("account", StackContext.LOCAL_ACCOUNT_ID);
        event.put("time", entry.hasNonNull("Time") ? timeOf(entry.path("Time")) : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", link.buddyverse.ops.cli.sandbox.Sandbox.REGION);
        event.set("resources", entry.has("Resources") ? entry.path("Resources") : JSON.createArrayNode());
        event.set("detail", parse(entry.path("Detail").asText("{}")));
        return event;
    }

    private static String timeOf(JsonNode time) {
        // The SDK sends Time as epoch seconds (a number) over the JSON protocol.
        return time.isNumber() ? Instant.ofEpochMilli((long) (time.asDouble() * 1000)).truncatedTo(ChronoUnit.SECONDS).toString()
                : time.asText();
    }

    private static String summary(JsonNode event) {
        JsonNode detail = event.path("detail");
        if (detail.path("action").isObject()) {
            return "event " + event.path("id").asText() + ": " + detail.path("function").asText() + " "
                    + detail.path("action").path("action").asText() + " " + detail.path("action").path("target").asText() + " "
                    + detail.path("outcome").path("status").asText();
        }
        for (String field : List.of("alarmName", "SourceIdentifier", "EC2InstanceId", "action", "summary")) {
            if (detail.hasNonNull(field)) {
                return "event " + event.path("id").asText() + ": " + field + " " + detail.path(field).asText();
            }
        }
        return "event " + event.path("id").asText();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
