package link.buddyverse.ops.kit.handler;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.result.OpsResult;
import org.crac.Context;
import org.crac.Resource;

/**
 * Warms the hot path before SnapStart takes its snapshot: decodes the function's sample event
 * ({@code priming/<FunctionName>.json} in its jar), runs its decision with sample state
 * ({@link OpsFunction#rehearse}) and encodes the result, many times, so the restored function starts JIT-warm.
 * Touches no AWS API: nothing in a snapshot may depend on a connection or a credential of the moment.
 */
@Singleton
public class Priming implements Resource {

    static final int ROUNDS = 200;

    private final EventDecoder decoder;
    private final JsonMapper jsonMapper;
    private final OpsFunction function;

    public Priming(EventDecoder decoder, JsonMapper jsonMapper, OpsFunction function) {
        this.decoder = decoder;
        this.jsonMapper = jsonMapper;
        this.function = function;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing cached here depends on the moment of the snapshot.
    }

    /** The sample event's resource path in the function's jar. */
    public String samplePath() {
        return "/priming/" + function.name() + ".json";
    }

    /** Runs decode -> rehearse -> encode; returns the last encoded result so callers (and tests) can check it. */
    public String prime() throws IOException {
        byte[] sample;
        try (InputStream in = getClass().getResourceAsStream(samplePath())) {
            if (in == null) {
                throw new IOException("the priming sample event " + samplePath() + " is missing from the jar");
            }
            sample = in.readAllBytes();
        }
        String encoded = null;
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode event = jsonMapper.readValue(sample, JsonNode.class);
            OpsResult result = function.rehearse(decoder.decodeSingle(event));
            encoded = jsonMapper.writeValueAsString(result);
        }
        return encoded;
    }
}
