package link.buddyverse.ops.cli.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.cli.SetupException;

/**
 * The sandbox {@code ./ops sandbox up} leaves running: moto_server and the gateway (a JVM of its own), each in a
 * session of its own, recorded in {@link SandboxState}. {@code down} stops exactly those two processes, after
 * checking that each pid still runs what was started (moto_server on its port, the gateway).
 */
public final class DetachedSandbox {

    static final Duration GATEWAY_START = Duration.ofSeconds(30);

    private DetachedSandbox() {
    }

    /** The recorded sandbox, if both of its processes still run and the gateway answers. */
    public static Optional<SandboxState> running(Path stateDir) {
        return SandboxState.read(stateDir).filter(DetachedSandbox::isAlive);
    }

    static boolean isAlive(SandboxState state) {
        return isMoto(state.motoPid(), state.motoPort()) && isGateway(state.gatewayPid()) && isSlack(state.slackPid())
                && new GatewayControl(endpoint(state)).answers();
    }

    public static URI endpoint(SandboxState state) {
        return URI.create("http://127.0.0.1:" + state.port());
    }

    /** Starts moto_server and the gateway on {@code port}, deploys both stacks, records it all in {@code stateDir}. */
    public static SandboxState start(Map<String, String> environment, Path stateDir, int port, Path projectRoot,
                                     PrintWriter progress) {
        if (inUse(port)) {
            throw new SetupException("Port " + port + " on 127.0.0.1 is in use by another program: pick another with --port.");
        }
        Path executable = MotoProcess.locate(environment.get("PATH"));
        int motoPort = MotoProcess.freeLoopbackPort();
        MotoProcess moto = MotoProcess.start(executable, motoPort, stateDir.resolve("moto.log"), true, environment);
        Process gateway = null;
        Process slack = null;
        try {
            gateway = startGateway(port, motoPort, moto.pid(), stateDir, environment);
            int slackPort = MotoProcess.freeLoopbackPort();
            slack = startSlack(slackPort, stateDir, environment);
            progress.println("sandbox: moto_server on 127.0.0.1:" + motoPort + " (pid " + moto.pid() + "), its gateway on 127.0.0.1:"
                    + port + " (pid " + gateway.pid() + "), a Slack stand-in on 127.0.0.1:" + slackPort + " (pid " + slack.pid() + ")");
            progress.flush();
            Instant begin = Instant.now();
            SandboxStacks stacks;
            try (SandboxClients clients = new SandboxClients(URI.create("http://127.0.0.1:" + port), Sandbox.REGION)) {
                stacks = SandboxStacks.deploy(clients, projectRoot);
            }
            Path envVars = Files.writeString(stateDir.resolve("env.json"), stacks.functions().envVarsJson(
                    Sandbox.slackEnvironment("http://127.0.0.1:" + slackPort + "/api/", SlackStandIn.TOKEN)));
            List<String> fills = new ArrayList<>(stacks.core().fills());
            fills.addAll(stacks.ops().fills());
            List<String> skipped = new ArrayList<>(stacks.core().skipped());
            skipped.addAll(stacks.ops().skipped());
            SandboxState state = new SandboxState(port, motoPort, moto.pid(), gateway.pid(), slackPort, slack.pid(), Sandbox.REGION,
                    Instant.now().toString(), stacks.core().outputs(), fills, skipped, envVars.toString());
            state.write(stateDir);
            progress.println("sandbox: deployed " + SandboxStacks.CORE_STACK + " (" + stacks.core().physicalIds().size()
                    + " resources) and " + SandboxStacks.OPS_STACK + " (" + String.join(", ", stacks.opsState().kept())
                    + ") in " + Duration.between(begin, Instant.now()).toMillis() + " ms");
            progress.flush();
            return state;
        } catch (RuntimeException | IOException e) {
            if (slack != null) {
                slack.destroy();
            }
            if (gateway != null) {
                gateway.destroy();
            }
            moto.close();
            if (e instanceof IOException io) {
                throw new SetupException("Could not write the sandbox's files in " + stateDir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static Process startGateway(int port, int motoPort, long motoPid, Path stateDir, Map<String, String> environment)
            throws IOException {
        GatewayControl control = new GatewayControl(URI.create("http://127.0.0.1:" + port));
        // The gateway's module and Jackson (databind, core, annotations, CBOR): one jar when this runs from ops-cli.jar.
        return startJava("the sandbox gateway", List.of(Gateway.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class,
                        com.fasterxml.jackson.dataformat.cbor.CBORFactory.class),
                List.of("-Xmx64m", "-Djdk.httpclient.allowRestrictedHeaders=host"),
                List.of("--port", Integer.toString(port), "--upstream", "http://127.0.0.1:" + motoPort,
                        "--upstream-pid", Long.toString(motoPid)),
                port, control::answers, stateDir.resolve("gateway.log"), environment);
    }

    /** The Slack stand-in in a process of its own (local-slack and Jackson), answering on 127.0.0.1:{@code port}. */
    private static Process startSlack(int port, Path stateDir, Map<String, String> environment) throws IOException {
        return startJava("the Slack stand-in", List.of(SlackStandIn.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class),
                List.of("-Xmx32m"), List.of("--port", Integer.toString(port)), port, () -> inUse(port),
                stateDir.resolve("slack.log"), environment);
    }

    /**
     * A JVM that outlives this command (its own session, with setsid where there is one), running the main class of
     * {@code classes.get(0)} with the jars of {@code classes} as its classpath; returns once {@code answers} holds.
     */
    private static Process startJava(String what, List<Class<?>> classes, List<String> jvmOptions, List<String> arguments, int port,
                                     java.util.function.BooleanSupplier answers, Path log, Map<String, String> environment)
            throws IOException {
        java.util.LinkedHashSet<String> classpath = new java.util.LinkedHashSet<>();
        for (Class<?> type : classes) {
            try {
                classpath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
            }
        }
        List<String> command = new ArrayList<>();
        MotoProcess.onPath("setsid", environment.getOrDefault("PATH", "/usr/bin:/bin"))
                .ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classpath), classes.get(0).getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Instant deadline = Instant.now().plus(GATEWAY_START);
        while (!answers.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroy();
                throw new SetupException(capitalized(what) + " did not start on 127.0.0.1:" + port + ": " + MotoProcess.tail(log));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException("interrupted while starting " + what);
            }
        }
        return process;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Stops the processes of {@code state} (only if they still are what was started) and forgets the state. */
    public static List<String> stop(SandboxState state, Path stateDir) {
        List<String> stopped = new ArrayList<>();
        if (isSlack(state.slackPid())) {
            ProcessHandle.of(state.slackPid()).ifPresent(p -> stop(p, "the Slack stand-in", stopped));
        }
        if (isGateway(state.gatewayPid())) {
            ProcessHandle.of(state.gatewayPid()).ifPresent(p -> stop(p, "the gateway", stopped));
        }
        if (isMoto(state.motoPid(), state.motoPort())) {
            ProcessHandle.of(state.motoPid()).ifPresent(p -> stop(p, "moto_server", stopped));
        }
        SandboxState.delete(stateDir);
        return stopped;
    }

    private static void stop(ProcessHandle process, String what, List<String> stopped) {
        process.destroy();
        try {
            process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception stillRunning) {
            process.destroyForcibly();
        }
        stopped.add(what + " (pid " + process.pid() + ")");
    }

    static boolean isMoto(long pid, int port) {
        return commandLine(pid).map(line -> line.contains("moto_server") && line.contains(Integer.toString(port))).orElse(false);
    }

    static boolean isSlack(long pid) {
        return commandLine(pid).map(line -> line.contains(SlackStandIn.class.getName())).orElse(false);
    }

    static boolean isGateway(long pid) {
        return commandLine(pid).map(line -> line.contains(Gateway.class.getName())).orElse(false);
    }

    private static Optional<String> commandLine(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        // /proc gives the whole command line even where ProcessHandle.Info leaves it out.
        Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                return Optional.of(Files.readString(proc).replace('\0', ' '));
            } catch (IOException e) {
                // fall back to ProcessHandle.Info
            }
        }
        return process.get().info().commandLine();
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException free) {
            return false;
        }
    }
}
