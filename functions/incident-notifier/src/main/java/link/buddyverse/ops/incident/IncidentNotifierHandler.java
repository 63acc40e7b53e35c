package link.buddyverse.ops.incident;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of IncidentNotifierFunction ({@code link.buddyverse.ops.incident.IncidentNotifierHandler}):
 * the kit's handler; the decisions are {@link IncidentNotifier}, and the kit's {@code Priming} warms them before
 * the SnapStart snapshot from {@code priming/IncidentNotifierFunction.json}.
 */
public class IncidentNotifierHandler extends OpsRequestHandler {
}
