package link.buddyverse.ops.cli.sandbox;

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
import link.buddyverse.ops.cli.SetupException;

/** moto_server, the local AWS of the sandbox: found on PATH, started on a loopback port, stopped by its pid. */
public final class MotoServerProcess {

    public static final String INSTALL_HINT =
            "moto_server is not installed (it is not on PATH): install it with pip install 'moto[server]'.";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private MotoServerProcess() {
    }

    /** The moto_server executable on the PATH of {@code environment}. */
    public static Path locate(Map<String, String> environment) {
        return onPath("moto_server", environment.get("PATH")).orElseThrow(() -> new SetupException(INSTALL_HINT));
    }

    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
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

    /**
     * Starts moto_server on 127.0.0.1:{@code port}, its output in {@code log}. Detached, it runs in a session of
     * its own (setsid, where there is one), so that it outlives this command and the terminal's signals to it.
     */
    public static Process start(Path executable, int port, Path log, boolean detached, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        if (detached) {
            onPath("setsid", environment.getOrDefault("PATH", "/usr/bin:/bin")).ifPresent(setsid -> command.add(setsid.toString()));
        }
        command.addAll(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (environment.get("PATH") != null) {
            builder.environment().put("PATH", environment.get("PATH"));
        }
        // AmazonSSMManagedInstanceCore attachable to the web servers' role: Run Command reaches managed nodes only.
        builder.environment().put(link.buddyverse.ops.localaws.ManagedNodes.LOAD_MANAGED_POLICIES, "true");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = builder.start();
            awaitReady(URI.create("http://127.0.0.1:" + port), process.toHandle(), log);
            return process;
        } catch (IOException e) {
            throw new SetupException("Could not start " + executable + ": " + e.getMessage(), e);
        }
    }

    /** Waits until moto answers on {@code endpoint}; fails with its log when it exits first. */
    static void awaitReady(URI endpoint, ProcessHandle process, Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new SetupException("moto_server exited at start: " + tail(log));
            }
            if (answers(endpoint.resolve("/moto-api/"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException("interrupted while waiting for moto_server");
            }
        }
        process.destroy();
        throw new SetupException("moto_server did not answer on " + endpoint + " within " + START_TIMEOUT.toSeconds() + " s: "
                + tail(log));
    }

    static boolean answers(URI uri) {
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

    /** Forgets every resource: an empty account again. */
    public static void reset(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            if (connection.getResponseCode() != 200) {
                throw new SetupException("moto at " + endpoint + " refused to reset: HTTP " + connection.getResponseCode());
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new SetupException("Could not reset moto at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SetupException("No free loopback port: " + e.getMessage(), e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
