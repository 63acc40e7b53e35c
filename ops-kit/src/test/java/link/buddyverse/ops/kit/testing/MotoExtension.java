package link.buddyverse.ops.kit.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@code moto_server} per test JVM on a free loopback port, points the AWS SDK at it through
 * system properties ({@code aws.endpointUrl}, region, dummy credentials), and resets its state before each
 * test. When moto_server is missing the tests fail with one sentence on how to install it: never a silent
 * skip. Inject {@link MotoServer} as a test parameter to reach its endpoint.
 */
public class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String REGION = "ap-northeast-2";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = server(context);
        System.setProperty("aws.endpointUrl", server.endpoint());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("moto", key -> new Holder(MotoServer.start()), Holder.class).server;
    }

    /** Lets JUnit stop the process when the whole run ends. */
    private record Holder(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
