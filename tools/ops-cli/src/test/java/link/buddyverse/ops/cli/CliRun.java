package link.buddyverse.ops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;

/** One run of the CLI in this JVM, as a user would see it: exit status, stdout, stderr. */
public record CliRun(int exitCode, String out, String err, long millis) {

    public static CliRun of(OpsCli cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = OpsCli.commandLine(cli);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The JSON document the command printed on stdout. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
        try {
            return (Map<String, Object>) Json.parse(out);
        } catch (Json.MalformedJsonException e) {
            throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\nstdout: " + out
                    + "\nstderr: " + err, e);
        }
    }

    /** A loopback port nothing listens on: bound, then released. */
    public static int closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
