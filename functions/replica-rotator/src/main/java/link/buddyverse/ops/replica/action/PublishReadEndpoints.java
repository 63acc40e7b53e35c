package link.buddyverse.ops.replica.action;

import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes the current read endpoints (JSON) to the SSM parameter, for applications that read configuration
 * instead of DNS. Applied after the records, under the read name's lock.
 */
@Serdeable
public record PublishReadEndpoints(String recordName, String parameterName, String value, String before, String after,
                                   String reason) implements ChangeOfReadEndpoint {

    /** A standard-tier parameter holds at most 4 KB. */
    static final int MAX_BYTES = 4096;

    @Override
    public String resource() {
        return recordName;
    }

    @Override
    public String target() {
        return parameterName;
    }

    @Override
    public Optional<String> boundsViolation() {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_BYTES ? Optional.of("the endpoints take " + bytes + " bytes; a standard parameter holds "
                + MAX_BYTES) : Optional.empty();
    }
}
