package link.buddyverse.ops.efs;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.UnaryOperator;
import link.buddyverse.ops.kit.state.FunctionMemory;

/**
 * {@link GuardMemory} in the kit's {@link FunctionMemory}, one record per file system. Updates are read, change,
 * compare-and-set: an executor that loses the race to another invocation reads again and re-applies its change to
 * what the other one wrote, so neither change is lost.
 */
@Singleton
public class FileSystemMemory {

    /** Concurrent writers of one file system's memory are at most a few deliveries: a handful of rounds suffices. */
    private static final int ROUNDS = 5;

    private final FunctionMemory memory;
    private final JsonMapper json;

    public FileSystemMemory(FunctionMemory memory, JsonMapper json) {
        this.memory = memory;
        this.json = json;
    }

    public GuardMemory read(String fileSystemId) {
        return decode(memory.read(EfsGuard.NAME, fileSystemId).data());
    }

    /**
     * Applies {@code change} to the file system's memory and writes it; returns what was written. {@code change} may
     * throw (a {@code Declined}, when what it finds makes it unnecessary): nothing is written then.
     */
    public GuardMemory update(String fileSystemId, UnaryOperator<GuardMemory> change, Instant now) {
        for (int round = 0; round < ROUNDS; round++) {
            FunctionMemory.Remembered read = memory.read(EfsGuard.NAME, fileSystemId);
            GuardMemory changed = change.apply(decode(read.data()));
            if (memory.write(EfsGuard.NAME, fileSystemId, read, encode(changed), now)) {
                return changed;
            }
        }
        throw new IllegalStateException("the memory of " + fileSystemId + " changed under every one of " + ROUNDS
                + " attempts to update it");
    }

    private GuardMemory decode(String data) {
        try {
            GuardMemory decoded = json.readValue(data, GuardMemory.class);
            return decoded == null ? GuardMemory.NOTHING : decoded;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable memory of EfsGuardFunction: " + data, e);
        }
    }

    private String encode(GuardMemory value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
