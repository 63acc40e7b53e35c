package link.buddyverse.ops.lifecycle;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.state.FunctionMemory;

/**
 * The SSM command id behind each command key. SendCommand takes no client token and its id is known only once it
 * answers, after the round's plan (which already holds the re-check) was made: the executor notes the id here, the
 * next round reads it back by the key its re-check carries. A refusal (InvalidInstanceId) is noted the same way.
 */
@Singleton
public class SentCommands {

    /** What became of one command key: an id to ask SSM about, or why none was sent. */
    public record Sent(String commandId, String refused) {
    }

    private final FunctionMemory memory;
    private final JsonMapper jsonMapper;

    public SentCommands(FunctionMemory memory, JsonMapper jsonMapper) {
        this.memory = memory;
        this.jsonMapper = jsonMapper;
    }

    public void sent(String key, String commandId, Instant now) {
        note(key, Map.of("commandId", commandId), now);
    }

    public void refused(String key, String why, Instant now) {
        note(key, Map.of("refused", why), now);
    }

    public Optional<Sent> lookup(String key) {
        FunctionMemory.Remembered read = memory.read(LifecycleHook.NAME, subject(key));
        if (read.version() == 0) {
            return Optional.empty();
        }
        try {
            Map<String, String> data = jsonMapper.readValue(read.data(), Argument.mapOf(String.class, String.class));
            return Optional.of(new Sent(data.get("commandId"), data.get("refused")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last word wins: a retried round that sent the command again asks SSM about the newer one. */
    private void note(String key, Map<String, String> data, Instant now) {
        String json;
        try {
            json = jsonMapper.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            if (memory.write(LifecycleHook.NAME, subject(key), memory.read(LifecycleHook.NAME, subject(key)), json, now)) {
                return;
            }
        }
        throw new IllegalStateException("could not note command " + key + ": its memory item keeps changing");
    }

    private static String subject(String key) {
        return "command/" + key;
    }
}
