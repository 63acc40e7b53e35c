package link.buddyverse.ops.kit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every singleton is built at init only where Lambda runs init before any request. */
class InitModeTest {

    @Test
    void snapStartAndProvisionedConcurrencyInitEagerly() {
        assertThat(OpsRequestHandler.initIsOffTheRequestPath("snap-start")).isTrue();
        assertThat(OpsRequestHandler.initIsOffTheRequestPath("provisioned-concurrency")).isTrue();
    }

    @Test
    void onDemandAndLocalRunsBuildWhatTheFirstEventNeeds() {
        assertThat(OpsRequestHandler.initIsOffTheRequestPath("on-demand")).isFalse();
        assertThat(OpsRequestHandler.initIsOffTheRequestPath(null)).isFalse();
    }
}
