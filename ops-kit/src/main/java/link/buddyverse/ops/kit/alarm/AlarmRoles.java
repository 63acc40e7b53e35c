package link.buddyverse.ops.kit.alarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which CloudWatch alarms a function follows and what each one means to it (its own enum of roles), from the
 * comma-separated names its settings carry. A function's {@code ManagedAlarms} bean extends it with its roles.
 */
public class AlarmRoles<R extends Enum<R>> {

    private final Map<String, R> roles = new LinkedHashMap<>();

    /** {@code namesByRole} in the order the names should be listed. */
    protected AlarmRoles(Map<R, List<String>> namesByRole) {
        namesByRole.forEach((role, names) -> names.forEach(name -> roles.put(name.trim(), role)));
    }

    /** Builds the argument of the constructor, keeping the order the roles are given in. */
    protected static <R extends Enum<R>> Map<R, List<String>> inOrder(Object... roleThenNames) {
        Map<R, List<String>> ordered = new LinkedHashMap<>();
        for (int i = 0; i < roleThenNames.length; i += 2) {
            @SuppressWarnings("unchecked")
            R role = (R) roleThenNames[i];
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) roleThenNames[i + 1];
            ordered.put(role, names);
        }
        return ordered;
    }

    public Optional<R> roleOf(String alarmName) {
        return Optional.ofNullable(roles.get(alarmName));
    }

    public List<String> names() {
        return List.copyOf(roles.keySet());
    }

    public List<String> withRole(R role) {
        return roles.entrySet().stream().filter(e -> e.getValue() == role).map(Map.Entry::getKey).toList();
    }

    /** Why an alarm event is none of {@code function}'s business, if the alarm is not one of these. */
    public Optional<String> notManaged(String alarmName, String function) {
        if (roles.containsKey(alarmName)) {
            return Optional.empty();
        }
        return Optional.of("alarm '" + alarmName + "' is not managed by " + function + " (managed: "
                + String.join(", ", names()) + ")");
    }
}
