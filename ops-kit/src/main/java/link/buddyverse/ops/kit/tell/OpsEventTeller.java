package link.buddyverse.ops.kit.tell;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.apply.Outcome;
import link.buddyverse.ops.kit.result.OutcomeView;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Emits one {@code buddyverse.ops} "Ops Action" event per outcome, for the incident notifier and for anyone
 * else who wants to react. Telling is best effort: the change already happened, so a failure to tell is
 * logged, never turned into a failed (and retried) invocation.
 *
 * <p>Not a bean of the kit: every function that applies plans declares one in its clients factory
 * ({@link #on}), so only those functions carry the EventBridge SDK.
 */
public class OpsEventTeller implements CallsAws {

    public static final String SOURCE = "buddyverse.ops";
    public static final String DETAIL_TYPE = "Ops Action";
    /** The prefix of a warning a human must see: the notifier opens or raises an incident for it. */
    public static final String CRITICAL = "critical:";
    /** The action of a plan that could do nothing about a critical warning. */
    public static final String NO_ACTION = "NoAction";
    // PutEvents takes at most 10 entries per call.
    private static final int BATCH = 10;
    private static final Logger LOG = LoggerFactory.getLogger(OpsEventTeller.class);

    private final EventBridgeClient eventBridge;
    private final JsonMapper jsonMapper;
    private final OpsSettings settings;

    public OpsEventTeller(EventBridgeClient eventBridge, JsonMapper jsonMapper, OpsSettings settings) {
        this.eventBridge = eventBridge;
        this.jsonMapper = jsonMapper;
        this.settings = settings;
    }

    /** The teller of a function that applies plans, on the kit's shared client wiring. */
    public static OpsEventTeller on(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return new OpsEventTeller(clients.build(EventBridgeClient.builder()), jsonMapper, settings);
    }

    @Override
    public List<String> iamActions() {
        return List.of("events:PutEvents");
    }

    /** Returns how many events EventBridge accepted. */
    public int tell(String function, TriggerView trigger, List<Outcome> outcomes, List<String> warnings) {
        List<OpsEventDetail> details = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            details.add(new OpsEventDetail(function, trigger, PlannedAction.of(outcome.action()), OutcomeView.of(outcome),
                    warnings));
        }
        return put(details);
    }

    /** The {@value #CRITICAL} warnings among a plan's warnings. */
    public static List<String> critical(List<String> warnings) {
        return warnings.stream()
                .filter(warning -> warning != null && warning.regionMatches(true, 0, CRITICAL, 0, CRITICAL.length())).toList();
    }

    /**
     * A plan that changes nothing but carries {@value #CRITICAL} warnings: one Ops Action, {@value #NO_ACTION} on the
     * resource, status {@code skipped}, so that the notifier opens or raises an incident for it. The caller tells it
     * once per episode ({@link CriticalEpisodes}).
     */
    public int tellCritical(String function, TriggerView trigger, String resource, List<String> warnings) {
        List<String> critical = critical(warnings);
        if (critical.isEmpty()) {
            return 0;
        }
        return put(List.of(new OpsEventDetail(function, trigger,
                new PlannedAction(NO_ACTION, resource, resource, null, null, critical.get(0)),
                new OutcomeView(NO_ACTION, resource, "skipped", "no action possible: " + critical.get(0)), warnings)));
    }

    private int put(List<OpsEventDetail> details) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (OpsEventDetail detail : details) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(settings.eventBus())
                    .source(SOURCE)
                    .detailType(DETAIL_TYPE)
                    .resources(List.of())
                    .detail(json(detail))
                    .build());
        }
        int accepted = 0;
        for (int start = 0; start < entries.size(); start += BATCH) {
            List<PutEventsRequestEntry> batch = entries.subList(start, Math.min(entries.size(), start + BATCH));
            try {
                PutEventsResponse response = eventBridge.putEvents(b -> b.entries(batch));
                int failed = response.failedEntryCount() == null ? 0 : response.failedEntryCount();
                accepted += batch.size() - failed;
                if (failed > 0) {
                    LOG.warn("EventBridge refused {} of {} ops events", failed, batch.size());
                }
            } catch (SdkException e) {
                LOG.warn("could not emit {} ops events to bus {}: {}", batch.size(), settings.eventBus(), e.getMessage());
            }
        }
        return accepted;
    }

    private String json(Object value) {
        try {
            return jsonMapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
