package link.buddyverse.ops.scaling;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.result.PlannedAction;
import link.buddyverse.ops.kit.result.TriggerView;
import org.crac.Context;
import org.crac.Resource;

/**
 * Warms the hot path before SnapStart takes its snapshot: decodes a sample alarm event, plans against a
 * sample group and encodes the result, many times, so the restored function starts JIT-warm. Touches no
 * AWS API: nothing in a snapshot may depend on a connection or a credential of the moment.
 */
@Singleton
public class ScalingTunerPriming implements Resource {

    static final int ROUNDS = 200;

    private final EventDecoder decoder;
    private final JsonMapper jsonMapper;
    private final ScalingPlanner planner;

    public ScalingTunerPriming(EventDecoder decoder, JsonMapper jsonMapper, ScalingSettings settings) {
        this.decoder = decoder;
        this.jsonMapper = jsonMapper;
        this.planner = new ScalingPlanner(settings);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing cached here depends on the moment of the snapshot.
    }

    /** Runs decode -> plan -> encode; returns the last encoded result so callers (and tests) can check it. */
    public String prime() throws IOException {
        byte[] sample;
        try (InputStream in = getClass().getResourceAsStream("/priming/cpu-high-alarm.json")) {
            if (in == null) {
                throw new IOException("the priming sample event is missing from the jar");
            }
            sample = in.readAllBytes();
        }
        GroupState group = new GroupState("priming-group", 2, 4, 4, List.of(
                new GroupState.Member("i-priming1", "InService", "Healthy"),
                new GroupState.Member("i-priming2", "InService", "Healthy")));
        String encoded = null;
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode event = jsonMapper.readValue(sample, JsonNode.class);
            AlarmStateChange alarm = (AlarmStateChange) decoder.decode(event);
            Plan plan = planner.plan(AlarmRole.SCALE_OUT, alarm.alarmName(), group, Map.of());
            OpsResult result = new OpsResult(ScalingTuner.NAME, "dry-run", TriggerView.of(alarm),
                    plan.actions().stream().map(PlannedAction::of).toList(), List.of(), plan.warnings(), plan.notes(), null);
            encoded = jsonMapper.writeValueAsString(result);
        }
        return encoded;
    }
}
