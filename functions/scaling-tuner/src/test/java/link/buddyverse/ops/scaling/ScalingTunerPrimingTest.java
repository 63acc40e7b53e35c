package link.buddyverse.ops.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import link.buddyverse.ops.kit.event.EventDecoder;
import org.junit.jupiter.api.Test;

/** The SnapStart priming step runs the real decode -> plan -> encode path, with no AWS endpoint at all. */
class ScalingTunerPrimingTest {

    @Test
    void primingDecodesPlansAndEncodesWithoutTouchingAws() throws Exception {
        JsonMapper jsonMapper = JsonMapper.createDefault();
        ScalingTunerPriming priming = new ScalingTunerPriming(new EventDecoder(jsonMapper), jsonMapper,
                ScalingPlannerTest.settings(1));

        String encoded = priming.prime();

        assertThat(encoded).contains("\"action\":\"UpdateGroupLimits\"").contains("\"alarm\":\"priming\"");
    }
}
