package link.buddyverse.ops.replica;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import java.util.TreeMap;

/** The hysteresis of every replica of the read name, remembered as one versioned record (compare-and-set). */
@Serdeable
public record RotationMemory(Map<String, ReplicaHealth> replicas) {

    public static final RotationMemory EMPTY = new RotationMemory(Map.of());

    public RotationMemory {
        replicas = replicas == null ? Map.of() : new TreeMap<>(replicas);
    }
}
