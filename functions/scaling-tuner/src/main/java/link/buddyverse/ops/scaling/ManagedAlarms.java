package link.buddyverse.ops.scaling;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which alarms this function acts on, and what each one means. */
@Singleton
public class ManagedAlarms {

    private final Map<String, AlarmRole> roles = new LinkedHashMap<>();

    public ManagedAlarms(ScalingSettings settings) {
        settings.unhealthyHostsAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.UNHEALTHY_HOSTS));
        settings.scaleOutAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.SCALE_OUT));
        settings.scaleInAlarms().forEach(name -> roles.put(name.trim(), AlarmRole.SCALE_IN));
    }

    public Optional<AlarmRole> roleOf(String alarmName) {
        return Optional.ofNullable(roles.get(alarmName));
    }

    public List<String> names() {
        return List.copyOf(roles.keySet());
    }
}
