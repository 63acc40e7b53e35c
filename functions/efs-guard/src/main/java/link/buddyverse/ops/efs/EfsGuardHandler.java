package link.buddyverse.ops.efs;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of EfsGuardFunction ({@code link.buddyverse.ops.efs.EfsGuardHandler}): the kit's handler; the
 * decisions are {@link EfsGuard}.
 */
public class EfsGuardHandler extends OpsRequestHandler {
}
