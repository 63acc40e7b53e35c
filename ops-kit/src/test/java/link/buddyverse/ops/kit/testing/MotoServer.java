package link.buddyverse.ops.kit.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A real {@code moto_server} process on a free loopback port: the AWS APIs our functions call, for tests.
 * One per test JVM; {@link #reset()} wipes its state between tests.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT =
            "moto_server was not found on PATH; install it with: pip install 'moto[server]'";

    private final Process process;
    private final int port;
    /** Where clients are sent: the local-aws gateway in front of this process when the extension runs one. */
    private volatile String clientEndpoint;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start() {
        return start(System.getenv("PATH"));
    }

    /** Starts the moto_server found on the given search path (the PATH environment variable, normally). */
    public static MotoServer start(String searchPath) {
        Path executable = findOnPath("moto_server", searchPath)
                .orElseThrow(() -> new ExtensionConfigurationException(INSTALL_HINT));
        int port = freeLoopbackPort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // AWS managed policies (AmazonSSMManagedInstanceCore) attachable, as in AWS: the gateway's Run Command
            // reaches only instances whose profile's role has it (local-aws ManagedNodes).
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            Process process = builder.start();
            MotoServer server = new MotoServer(process, port);
            server.awaitReady(Duration.ofSeconds(60), log);
            return server;
        } catch (IOException e) {
            throw new ExtensionConfigurationException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    /**
     * The endpoint for clients: the local-aws gateway in front of moto when {@link MotoExtension} runs one (it
     * forwards everything, records calls, injects faults), else moto itself.
     */
    public String endpoint() {
        return clientEndpoint != null ? clientEndpoint : motoEndpoint();
    }

    /** moto_server's own endpoint, bypassing the gateway (no recording, no faults, no CBOR bridge). */
    public String motoEndpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Sends clients to {@code endpoint} (the gateway) from now on. */
    void frontedBy(String endpoint) {
        this.clientEndpoint = endpoint;
    }

    public int port() {
        return port;
    }

    /** Forgets every resource, so each test starts from an empty account. */
    public void reset() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(motoEndpoint() + "/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("moto reset answered " + connection.getResponseCode());
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new IllegalStateException("could not reset moto at " + motoEndpoint(), e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady(Duration timeout, Path log) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExtensionConfigurationException("moto_server exited at start: " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(motoEndpoint() + "/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(200);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for moto_server", e);
            }
        }
        close();
        throw new ExtensionConfigurationException("moto_server did not answer on " + motoEndpoint() + " within " + timeout);
    }

    static Optional<Path> findOnPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ExtensionConfigurationException("no free loopback port for moto_server", e);
        }
    }
}
