package link.buddyverse.ops.localaws;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * This module's own test support (it must not depend on ops-kit, whose test jar depends on it): one
 * moto_server per test JVM, one gateway in front of it, both reset before each test; {@link Gateway} injectable.
 */
class LocalMoto implements BeforeEachCallback, ParameterResolver {

    static final String REGION = "ap-northeast-2";
    private static Process moto;
    private static Gateway gateway;

    static synchronized Gateway gateway() {
        if (gateway == null) {
            int port = freePort();
            Path executable = null;
            for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, "moto_server"))) {
                    executable = Path.of(dir, "moto_server");
                    break;
                }
            }
            if (executable == null) {
                throw new IllegalStateException("moto_server was not found on PATH; install it with: pip install 'moto[server]'");
            }
            try {
                Path log = Files.createTempFile("moto-", ".log");
                ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                // AmazonSSMManagedInstanceCore must be attachable: Run Command reaches managed nodes only.
                builder.environment().put(ManagedNodes.LOAD_MANAGED_POLICIES, "true");
                moto = builder.start();
                Runtime.getRuntime().addShutdownHook(new Thread(moto::destroy));
                Instant deadline = Instant.now().plusSeconds(60);
                while (true) {
                    try {
                        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/moto-api/").toURL().openConnection();
                        if (c.getResponseCode() == 200) {
                            break;
                        }
                    } catch (IOException notYet) {
                        if (Instant.now().isAfter(deadline) || !moto.isAlive()) {
                            throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
                        }
                        Thread.sleep(100);
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            gateway = Gateway.start(URI.create("http://127.0.0.1:" + port));
        }
        return gateway;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
