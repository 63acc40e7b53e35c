package link.buddyverse.ops.lifecycle;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.state.FunctionMemory;

/**
 * Which chain of re-checks looks after an instance's wait, and until when: the function's memory item
 * {@code <instance>/<hook>}. The sweep leaves a watched wait alone; a chain whose watch another chain has taken
 * over stops. Written compare-and-set, so two chains (a late event and the sweep's) cannot both take one wait.
 */
@Singleton
public class InstanceWatches {

    /** The chain {@code origin} looks after the wait until {@code watchedUntil}. */
    public record Watch(String origin, String token, Instant startedAt, Instant heartbeatAt, Instant watchedUntil,
                        FunctionMemory.Remembered read) {

        public boolean livesAt(Instant now) {
            return watchedUntil.isAfter(now);
        }
    }

    private final FunctionMemory memory;
    private final JsonMapper jsonMapper;

    public InstanceWatches(FunctionMemory memory, JsonMapper jsonMapper) {
        this.memory = memory;
        this.jsonMapper = jsonMapper;
    }

    /** The watch on this wait, if any chain ever took it; {@link #take} needs what this read. */
    public Optional<Watch> read(String instanceId, String hookName) {
        FunctionMemory.Remembered read = memory.read(LifecycleHook.NAME, subject(instanceId, hookName));
        if (read.version() == 0) {
            return Optional.empty();
        }
        Map<String, String> data = decode(read.data());
        return Optional.of(new Watch(data.get("origin"), data.getOrDefault("token", ""), Instant.parse(data.get("startedAt")),
                Instant.parse(data.get("heartbeatAt")), Instant.parse(data.get("watchedUntil")), read));
    }

    /** Takes (or keeps) the wait for {@code wait}'s chain; false when another invocation wrote it since {@code read}. */
    public boolean take(HookWait wait, Optional<Watch> read, Instant watchedUntil, Instant now) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("origin", wait.origin());
        data.put("token", wait.token());
        data.put("startedAt", wait.startedAt().toString());
        data.put("heartbeatAt", wait.heartbeatAt().toString());
        data.put("watchedUntil", watchedUntil.toString());
        return memory.write(LifecycleHook.NAME, subject(wait.instanceId(), wait.hookName()),
                read.map(Watch::read).orElse(FunctionMemory.Remembered.NOTHING), encode(data), now);
    }

    private static String subject(String instanceId, String hookName) {
        return "watch/" + instanceId + "/" + hookName;
    }

    private String encode(Map<String, String> data) {
        try {
            return jsonMapper.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> decode(String json) {
        try {
            return jsonMapper.readValue(json, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("a lifecycle watch is not readable: " + json, e);
        }
    }
}
