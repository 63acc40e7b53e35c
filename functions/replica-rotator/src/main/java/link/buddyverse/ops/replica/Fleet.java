package link.buddyverse.ops.replica;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The source and its replicas in this region, as observed.
 *
 * @param source   null when the source instance does not exist
 * @param ignored  replicas the source lists that this function does not rotate (another region), with why
 */
public record Fleet(@Nullable DbInstance source, List<DbInstance> replicas, List<String> ignored) {

    public Fleet {
        replicas = List.copyOf(replicas);
        ignored = List.copyOf(ignored);
    }
}
