package link.buddyverse.ops.localaws;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * This module's own test support (it must not depend on ops-kit, whose test jar depends on it): one
 * moto_server per test JVM ({@link MotoProcess}), one gateway in front of it, both reset before each test;
 * {@link Gateway} injectable.
 */
class LocalMoto implements BeforeEachCallback, ParameterResolver {

    static final String REGION = "ap-northeast-2";
    private static Gateway gateway;

    static synchronized Gateway gateway() {
        if (gateway == null) {
            MotoProcess moto = MotoProcess.start();
            moto.stopOnExit();
            gateway = Gateway.start(moto.endpoint());
        }
        return gateway;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        gateway().resetAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Gateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return gateway();
    }
}
