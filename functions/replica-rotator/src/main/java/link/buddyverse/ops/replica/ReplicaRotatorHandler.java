package link.buddyverse.ops.replica;

import link.buddyverse.ops.kit.handler.OpsRequestHandler;

/**
 * Lambda entry point of ReplicaRotatorFunction ({@code link.buddyverse.ops.replica.ReplicaRotatorHandler}): the kit's
 * handler; the decisions are {@link ReplicaRotator}.
 */
public class ReplicaRotatorHandler extends OpsRequestHandler {
}
