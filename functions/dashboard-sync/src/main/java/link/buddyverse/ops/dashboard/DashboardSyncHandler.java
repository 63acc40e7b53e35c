package link.buddyverse.ops.dashboard;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of DashboardSyncFunction ({@code link.buddyverse.ops.dashboard.DashboardSyncHandler}): the kit's
 * handler; the decisions are {@link DashboardSync}.
 */
public class DashboardSyncHandler extends OpsRequestHandler {
}
