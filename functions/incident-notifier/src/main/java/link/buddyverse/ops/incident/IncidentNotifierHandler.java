package link.buddyverse.ops.incident;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import org.crac.Core;

/**
 * Lambda entry point of IncidentNotifierFunction
 * ({@code link.buddyverse.ops.incident.IncidentNotifierHandler::handleRequest}): an entry point and nothing
 * else. Not an ops-kit {@code OpsRequestHandler}: the notifier plans no AWS actions, so the pipeline's
 * Applier and Teller have nothing to do; it keeps the pipeline's discipline (idempotent, never a crash loop on
 * bad input) with its own outbox path. ops-kit's {@code CurrentInvocation} still replaces Micronaut's
 * per-invocation context registration.
 */
public class IncidentNotifierHandler extends MicronautRequestHandler<JsonNode, NotifierResult> {

    @Inject
    IncidentNotifier notifier;

    @Inject
    IncidentNotifierPriming priming;

    /** Called by Lambda once per container. */
    public IncidentNotifierHandler() {
        super();
        Core.getGlobalContext().register(priming);
    }

    /** For tests and tools: a context built with their own properties. */
    public IncidentNotifierHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public NotifierResult execute(JsonNode input) {
        return notifier.handle(input);
    }
}
