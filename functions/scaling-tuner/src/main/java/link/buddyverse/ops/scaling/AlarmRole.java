package link.buddyverse.ops.scaling;

/** What an alarm in ALARM asks of the group. Declared in re-check priority order: replace, then grow, then shrink. */
public enum AlarmRole {
    UNHEALTHY_HOSTS, SCALE_OUT, SCALE_IN
}
