package link.buddyverse.ops.efs;

import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.alarm.AlarmRoles;

/** Which alarms EfsGuardFunction follows, and what each one means. */
@Singleton
public class ManagedAlarms extends AlarmRoles<AlarmRole> {

    public ManagedAlarms(EfsGuardSettings settings) {
        super(inOrder(AlarmRole.CREDITS_LOW, settings.creditsLowAlarms(), AlarmRole.THROUGHPUT_HIGH,
                settings.throughputHighAlarms(), AlarmRole.IO_LIMIT_HIGH, settings.ioLimitAlarms()));
    }
}
