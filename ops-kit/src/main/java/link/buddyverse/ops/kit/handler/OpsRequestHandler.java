package link.buddyverse.ops.kit.handler;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import link.buddyverse.ops.kit.result.OpsResult;

/**
 * Base of every function's Lambda handler: an entry point and nothing else. Lambda calls the no-argument
 * constructor once per container (building the context and the AWS clients during init); tests pass a
 * builder with their own properties. The input stays a JSON tree so that a malformed event becomes a
 * structured "rejected" result instead of a deserialisation error.
 */
public abstract class OpsRequestHandler extends MicronautRequestHandler<JsonNode, OpsResult> {

    @Inject
    protected OpsPipeline pipeline;

    protected OpsRequestHandler() {
        super();
    }

    protected OpsRequestHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    /** The function's decisions; injected into the concrete handler. */
    protected abstract OpsFunction function();

    @Override
    public OpsResult execute(JsonNode input) {
        return pipeline.run(input, function());
    }
}
