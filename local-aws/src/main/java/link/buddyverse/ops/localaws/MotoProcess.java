package link.buddyverse.ops.localaws;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project's one launcher of {@code moto_server}: found on a PATH, started on a loopback port, ready once it
 * answers, reset between uses, stopped. The kit's test extension, this module's tests, the sandbox and the demo
 * (ops-cli) and the bench all start moto through it; the gateway ({@link Gateway}) then stands in front of it.
 */
public final class MotoProcess implements AutoCloseable {

    public static final String INSTALL_HINT =
            "moto_server is not installed (it is not on PATH): install it with pip install 'moto[server]'.";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** moto_server is missing, would not start, or would not reset: the message says what to do. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Process process;
    private final int port;

    private MotoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** moto_server on this JVM's PATH, on a free port, its output in a temporary file. */
    public static MotoProcess start() {
        return start(System.getenv("PATH"));
    }

    /** moto_server on {@code searchPath} (a PATH value), on a free port, its output in a temporary file. */
    public static MotoProcess start(String searchPath) {
        Path executable = locate(searchPath);
        int port = freeLoopbackPort();
        try {
            return start(executable, port, Files.createTempFile("moto-" + port + "-", ".log"), false, Map.of());
        } catch (IOException e) {
            throw new Unavailable("No log file for moto_server: " + e.getMessage(), e);
        }
    }

    /**
     * Starts {@code executable} on 127.0.0.1:{@code port}, its output in {@code log}, and waits until it answers.
     * Detached, it runs in a session of its own (setsid, where there is one), so that it outlives this JVM and the
     * terminal's signals to it. {@code environment}'s PATH, if any, is moto's.
     */
    public static MotoProcess start(Path executable, int port, Path log, boolean detached, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        if (detached) {
            onPath("setsid", environment.getOrDefault("PATH", "/usr/bin:/bin")).ifPresent(setsid -> command.add(setsid.toString()));
        }
        command.addAll(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // AWS managed policies (AmazonSSMManagedInstanceCore) attachable, as in AWS: the gateway's Run Command
        // reaches only instances whose profile's role has it (ManagedNodes).
        builder.environment().put(ManagedNodes.LOAD_MANAGED_POLICIES, "true");
        if (environment.get("PATH") != null) {
            builder.environment().put("PATH", environment.get("PATH"));
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            MotoProcess moto = new MotoProcess(builder.start(), port);
            moto.awaitReady(log);
            return moto;
        } catch (IOException e) {
            throw new Unavailable("Could not start " + executable + ": " + e.getMessage(), e);
        }
    }

    /** The moto_server executable on {@code searchPath} (a PATH value). */
    public static Path locate(String searchPath) {
        return onPath("moto_server", searchPath).orElseThrow(() -> new Unavailable(INSTALL_HINT));
    }

    /** An executable {@code name} in one of {@code searchPath}'s directories. */
    public static Optional<Path> onPath(String name, String searchPath) {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Forgets every resource: an empty account again. */
    public void reset() {
        reset(endpoint());
    }

    /** Resets the moto at {@code endpoint}, e.g. one a detached sandbox started. */
    public static void reset(URI endpoint) {
        try {
            new Moto(endpoint).reset();
        } catch (RuntimeException e) {
            throw new Unavailable("Could not reset moto at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** Stops moto_server, forcibly if it has not gone within 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Stops moto_server when this JVM exits, unless {@link #close()} did first. */
    public Thread stopOnExit() {
        Thread stop = new Thread(process::destroy, "stop-moto-" + port);
        Runtime.getRuntime().addShutdownHook(stop);
        return stop;
    }

    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new Unavailable("No free loopback port: " + e.getMessage(), e);
        }
    }

    /** The last lines of a log, for a message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new Unavailable("moto_server exited at start: " + tail(log));
            }
            if (answers(endpoint().resolve("/moto-api/"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new Unavailable("interrupted while waiting for moto_server");
            }
        }
        process.destroy();
        throw new Unavailable("moto_server did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds() + " s: "
                + tail(log));
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(300);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status == 200;
        } catch (IOException notYet) {
            return false;
        }
    }
}
