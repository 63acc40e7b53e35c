package link.buddyverse.ops.efs;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which alarms this function follows, and what each one means. */
@Singleton
public class ManagedAlarms {

    private final Map<String, AlarmRole> roles = new LinkedHashMap<>();

    public ManagedAlarms(EfsGuardSettings settings) {
        settings.creditsLowAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.CREDITS_LOW));
        settings.throughputHighAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.THROUGHPUT_HIGH));
        settings.ioLimitAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.IO_LIMIT_HIGH));
    }

    public Optional<AlarmRole> roleOf(String alarmName) {
        return Optional.ofNullable(roles.get(alarmName));
    }

    public List<String> names() {
        return List.copyOf(roles.keySet());
    }

    public List<String> withRole(AlarmRole role) {
        return roles.entrySet().stream().filter(e -> e.getValue() == role).map(Map.Entry::getKey).toList();
    }
}
