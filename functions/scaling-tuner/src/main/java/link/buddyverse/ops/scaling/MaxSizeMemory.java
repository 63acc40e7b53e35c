package link.buddyverse.ops.scaling;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import link.buddyverse.ops.kit.aws.CallsAws;
import link.buddyverse.ops.kit.state.FunctionMemory;

/**
 * The MaxSize values this function raised a group to since it last restored the baseline, in the kit's
 * {@link FunctionMemory} (compare-and-set): a MaxSize among them is the function's to restore; any other was set by a
 * person (or another tool) and is left as it is.
 */
@Singleton
public class MaxSizeMemory implements CallsAws {

    private static final int ATTEMPTS = 5;

    private final FunctionMemory memory;
    private final JsonMapper jsonMapper;
    private final Clock clock;

    public MaxSizeMemory(FunctionMemory memory, JsonMapper jsonMapper, Clock clock) {
        this.memory = memory;
        this.jsonMapper = jsonMapper;
        this.clock = clock;
    }

    /** Only the state table, whose calls FunctionMemory declares. */
    @Override
    public List<String> iamActions() {
        return List.of();
    }

    /** The MaxSize values this function set on {@code group} and has not restored since. */
    public Set<Integer> raisedTo(String group) {
        return decode(memory.read(ScalingTuner.NAME, subject(group)).data());
    }

    /** Written before the raise: a raise that then fails leaves a value the group does not read, which is harmless. */
    public void rememberRaise(String group, int maxSize) {
        update(group, values -> values.add(maxSize));
    }

    public void forgetRaises(String group) {
        update(group, Set::clear);
    }

    private void update(String group, java.util.function.Consumer<Set<Integer>> change) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            FunctionMemory.Remembered read = memory.read(ScalingTuner.NAME, subject(group));
            Set<Integer> values = decode(read.data());
            change.accept(values);
            if (memory.write(ScalingTuner.NAME, subject(group), read, encode(values), clock.instant())) {
                return;
            }
        }
        throw new IllegalStateException("could not remember the MaxSize of " + group + ": " + ATTEMPTS
                + " concurrent writers came first");
    }

    private static String subject(String group) {
        return "max-size#" + group;
    }

    private Set<Integer> decode(String json) {
        Set<Integer> values = new TreeSet<>();
        try {
            JsonNode node = jsonMapper.readValue(json, JsonNode.class).get("raisedTo");
            if (node != null) {
                node.values().forEach(v -> values.add(v.getIntValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private String encode(Set<Integer> values) {
        try {
            return jsonMapper.writeValueAsString(Map.of("raisedTo", new ArrayList<>(values)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
