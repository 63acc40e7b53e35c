package link.buddyverse.ops.replica;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * What is remembered about one replica between reconciles (in the kit's FunctionMemory).
 *
 * @param inRotation      whether it serves reads through the read name
 * @param badSamples      consecutive bad samples seen while in rotation (lagging when above zero)
 * @param recoveringSince while out: since when every sample has stayed under the recovery threshold
 * @param since           when it last entered or left the rotation
 */
@Serdeable
public record ReplicaHealth(boolean inRotation, int badSamples, @Nullable Instant recoveringSince, Instant since) {

    /** in, lagging, out or recovering: the four states of the hysteresis. */
    public String phase() {
        if (inRotation) {
            return badSamples > 0 ? "lagging" : "in";
        }
        return recoveringSince != null ? "recovering" : "out";
    }
}
