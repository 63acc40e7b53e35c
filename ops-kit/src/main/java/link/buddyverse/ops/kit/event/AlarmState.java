package link.buddyverse.ops.kit.event;

/** The three states a CloudWatch alarm can be in, as AWS spells them. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA
}
