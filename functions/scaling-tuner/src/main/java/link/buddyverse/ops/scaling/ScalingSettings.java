package link.buddyverse.ops.scaling;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * How ScalingTunerFunction tunes the group, from the {@code SCALING_*} environment variables that
 * template.yaml fills from its parameters. Defaults fit the Buddyverse stack.
 *
 * @param scaleOutAlarms       alarms whose ALARM means "add capacity" ({@code SCALING_SCALE_OUT_ALARMS}, comma-separated)
 * @param scaleInAlarms        alarms whose ALARM means "remove one instance"
 * @param unhealthyHostsAlarms alarms whose ALARM means "replace instances the load balancer finds unhealthy"
 * @param step                 instances added per scale-out, and MaxSize raised per step when pinned at the maximum
 * @param maxSizeCeiling       MaxSize is never raised above this, whatever the alarms say
 * @param baselineMaxSize      the group's own MaxSize, restored once desired capacity is back within it
 * @param cooldownSeconds      how long a change to the group blocks the next one
 * @param alarmMaxAgeSeconds   an ALARM event older than this (or delivered again by a retry) is checked against
 *                             CloudWatch's current state before anything acts on it
 */
@ConfigurationProperties("scaling")
public record ScalingSettings(
        @Bindable(defaultValue = "Buddy-AutoScaling-Group") String groupName,
        @Bindable(defaultValue = "Buddy-LoadBalance-TargetGroup") String targetGroupName,
        @Bindable(defaultValue = "Buddy-CPU-High") List<String> scaleOutAlarms,
        @Bindable(defaultValue = "Buddy-CPU-Low") List<String> scaleInAlarms,
        @Bindable(defaultValue = "Buddy-Unhealthy-Hosts") List<String> unhealthyHostsAlarms,
        @Bindable(defaultValue = "1") int step,
        @Bindable(defaultValue = "8") int maxSizeCeiling,
        @Bindable(defaultValue = "4") int baselineMaxSize,
        @Bindable(defaultValue = "300") int cooldownSeconds,
        @Bindable(defaultValue = "120") int alarmMaxAgeSeconds) {
}
