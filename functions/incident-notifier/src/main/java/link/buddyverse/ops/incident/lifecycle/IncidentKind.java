package link.buddyverse.ops.incident.lifecycle;

/** What an incident is about, which decides how it opens and how it resolves. */
public enum IncidentKind {
    /** A CloudWatch alarm: opens on ALARM, resolves on OK. */
    ALARM,
    /** RDS DB instance events: resolve on a recovery event, or after a quiet period. */
    DATABASE,
    /** Auto Scaling launch or terminate failures: resolve after a quiet period. */
    SCALING,
    /** A failed ops action with no incident to thread under: resolves after a quiet period. */
    AUTOMATION,
    /** The roll-up of incidents that opened together. */
    STORM
}
