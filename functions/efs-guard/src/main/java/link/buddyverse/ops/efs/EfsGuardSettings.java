package link.buddyverse.ops.efs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * How EfsGuardFunction guards the file system, from the {@code EFS_*} environment variables template.yaml fills
 * from its parameters. Defaults fit the Buddyverse stack (README: why these numbers).
 *
 * @param fileSystem            the file system: its id ({@code fs-...}) or its Name tag ({@code Buddy-EFS})
 * @param creditsLowAlarms      alarms whose ALARM means "burst credits are running out"
 * @param throughputHighAlarms  alarms whose ALARM means "the permitted throughput is used up"
 * @param ioLimitAlarms         alarms whose ALARM means "General Purpose's IO limit is being reached"
 * @param costSaving            switch back to bursting once credits have recovered (elastic bills per GiB moved)
 * @param recoveredCreditBytes  credits count as recovered when BurstCreditBalance's minimum stays at or above this...
 * @param recoveredHours        ...for this many hours
 * @param changeCooldownMinutes the file system's lock after a throughput change: one change at a time
 * @param ioQuietMinutes        an IO-limit alarm back in ALARM within this long after OK continues the same episode
 * @param ioEvidenceMinutes     how much of PercentIOLimit's recent history goes into the recommendation
 */
@ConfigurationProperties("efs")
public record EfsGuardSettings(
        @Bindable(defaultValue = "Buddy-EFS") String fileSystem,
        @Bindable(defaultValue = "Buddy-EFS-Burst-Credits-Low") List<String> creditsLowAlarms,
        @Bindable(defaultValue = "Buddy-EFS-Throughput-High") List<String> throughputHighAlarms,
        @Bindable(defaultValue = "Buddy-EFS-IO-Limit-High") List<String> ioLimitAlarms,
        @Bindable(defaultValue = "true") boolean costSaving,
        @Bindable(defaultValue = "1132462080000") long recoveredCreditBytes,
        @Bindable(defaultValue = "6") int recoveredHours,
        @Bindable(defaultValue = "15") int changeCooldownMinutes,
        @Bindable(defaultValue = "60") int ioQuietMinutes,
        @Bindable(defaultValue = "30") int ioEvidenceMinutes) {
}
