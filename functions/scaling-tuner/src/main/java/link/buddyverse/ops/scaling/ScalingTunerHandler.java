package link.buddyverse.ops.scaling;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of ScalingTunerFunction ({@code link.buddyverse.ops.scaling.ScalingTunerHandler}): the kit's
 * handler; the decisions are {@link ScalingTuner}.
 */
public class ScalingTunerHandler extends OpsRequestHandler {
}
