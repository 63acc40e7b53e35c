package link.buddyverse.ops.replica.action;

import link.buddyverse.ops.kit.plan.Action;

/** The actions on the read endpoint; each locks the read name (its resource), so they apply under one lock. */
public sealed interface ChangeOfReadEndpoint extends Action permits ChangeReadRecords, PublishReadEndpoints {
}
