package link.buddyverse.ops.bench;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A moto_server of the bench's own on a free 127.0.0.1 port: the AWS APIs both handlers call. */
final class Moto implements AutoCloseable {

    private final Process process;
    private final int port;

    private Moto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Moto start(Path logFile) throws IOException, InterruptedException {
        Path executable = onPath("moto_server");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        // AmazonSSMManagedInstanceCore attachable: the gateway's Run Command reaches managed nodes only.
        builder.environment().put(link.buddyverse.ops.localaws.ManagedNodes.LOAD_MANAGED_POLICIES, "true");
        Process process = builder.start();
        Moto moto = new Moto(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start: " + Files.readString(logFile));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(moto.endpoint() + "/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(200);
                if (connection.getResponseCode() == 200) {
                    return moto;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        moto.close();
        throw new IllegalStateException("moto_server did not answer on " + moto.endpoint() + " within 60 s; see " + logFile);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Forgets every resource: each run starts from an empty account. */
    void reset() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL().openConnection();
        connection.setRequestMethod("POST");
        int code = connection.getResponseCode();
        connection.disconnect();
        if (code != 200) {
            throw new IOException("moto reset answered HTTP " + code);
        }
    }

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

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("moto_server was not found on PATH; install it with: pip install 'moto[server]'");
    }
}
