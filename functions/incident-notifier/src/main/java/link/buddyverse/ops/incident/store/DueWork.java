package link.buddyverse.ops.incident.store;

/**
 * An incident or storm the schedule's sweep has work for, as the {@code work} index found it.
 *
 * @param hasPending   notices in its outbox
 * @param dueToResolve open, and its auto-resolve time has passed
 */
public record DueWork(String key, boolean storm, boolean hasPending, boolean dueToResolve) {
}
