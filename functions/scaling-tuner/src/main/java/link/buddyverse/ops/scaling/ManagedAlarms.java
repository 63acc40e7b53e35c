package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.alarm.AlarmRoles;

/** Which alarms ScalingTunerFunction acts on, and what each one means. */
@Singleton
public class ManagedAlarms extends AlarmRoles<AlarmRole> {

    public ManagedAlarms(ScalingSettings settings) {
        super(inOrder(AlarmRole.UNHEALTHY_HOSTS, settings.unhealthyHostsAlarms(), AlarmRole.SCALE_OUT, settings.scaleOutAlarms(),
                AlarmRole.SCALE_IN, settings.scaleInAlarms()));
    }
}
