package link.buddyverse.ops.scaling;

import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import link.buddyverse.ops.kit.handler.OpsFunction;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import org.crac.Core;

/**
 * Lambda entry point of ScalingTunerFunction
 * ({@code link.buddyverse.ops.scaling.ScalingTunerHandler::handleRequest}).
 */
public class ScalingTunerHandler extends OpsRequestHandler {

    @Inject
    ScalingTuner tuner;

    @Inject
    ScalingTunerPriming priming;

    /** Called by Lambda once per container. */
    public ScalingTunerHandler() {
        super();
        Core.getGlobalContext().register(priming);
    }

    /** For tests and tools: a context built with their own properties. */
    public ScalingTunerHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected OpsFunction function() {
        return tuner;
    }
}
