package link.buddyverse.ops.lifecycle;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of LifecycleHookFunction ({@code link.buddyverse.ops.lifecycle.LifecycleHookHandler}): the
 * kit's handler; the decisions are {@link LifecycleHook}.
 */
public class LifecycleHookHandler extends OpsRequestHandler {
}
