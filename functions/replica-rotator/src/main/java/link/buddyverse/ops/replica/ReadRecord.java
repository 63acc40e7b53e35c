package link.buddyverse.ops.replica;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One CNAME record under the read name: weighted (set identifier = the instance id) or, as older stacks made it,
 * simple (no set identifier, no weight).
 */
@Serdeable
public record ReadRecord(@Nullable String setIdentifier, String value, long ttl, @Nullable Long weight) {

    public String describe() {
        return (setIdentifier == null ? "(simple)" : setIdentifier) + " -> " + value;
    }
}
