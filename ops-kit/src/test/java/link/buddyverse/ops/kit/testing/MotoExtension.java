package link.buddyverse.ops.kit.testing;

import java.net.URI;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@code moto_server} per test JVM on a free loopback port and the local-aws gateway in front of it
 * (one local AWS for tests, the sandbox and the demo: it forwards every call, records it, bridges the CloudWatch
 * client's CBOR, plays what moto lacks and injects faults on demand), points the AWS SDK at the gateway through
 * system properties ({@code aws.endpointUrl}, region, dummy credentials), and before each test resets moto, the
 * played state, the faults and the recorded calls. When moto_server is missing the tests fail with one sentence
 * on how to install it: never a silent skip.
 *
 * <p>Inject {@link MotoServer} (its {@code endpoint()} is the gateway's) or {@link Gateway} ({@code faults()},
 * {@code calls()}, {@code played()}) as a test parameter. A module using this extension needs
 * {@code link.buddyverse.ops:local-aws} (test scope) in its POM: moto's process and the gateway are local-aws's.
 */
public class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    public static final String REGION = "ap-northeast-2";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = holder(context).server;
        System.setProperty("aws.endpointUrl", server.endpoint());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Holder holder = holder(context);
        holder.server.reset();
        holder.gateway.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MotoServer.class || type == Gateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Holder holder = holder(context);
        if (parameter.getParameter().getType() == MotoServer.class) {
            return holder.server;
        }
        return holder.gateway;
    }

    private static Holder holder(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("moto", key -> {
            MotoServer server = MotoServer.start();
            Gateway gateway = Gateway.start(URI.create(server.motoEndpoint()));
            server.frontedBy(gateway.endpoint().toString());
            return new Holder(server, gateway);
        }, Holder.class);
    }

    /** Lets JUnit stop the processes when the whole run ends. */
    private record Holder(MotoServer server, Gateway gateway) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            gateway.close();
            server.close();
        }
    }
}
