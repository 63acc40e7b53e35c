package link.buddyverse.ops.cli.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.localslack.SlackStandIn;

/**
 * A sandbox owned by this process (the demo's, a test's): moto_server as a child process on a free loopback port,
 * the local-aws gateway (the same one the tests use) in this JVM on another. Closing it stops both. {@code ./ops sandbox up} keeps one running after
 * the command instead ({@link DetachedSandbox}).
 */
public final class Sandbox implements AutoCloseable {

    public static final String REGION = "ap-northeast-2";

    private final MotoProcess moto;
    private final URI motoEndpoint;
    private final Gateway gateway;
    private final SandboxClients clients;
    private final Path workDir;
    private final Thread stopMotoOnExit;
    private final SlackStandIn slack;
    private SandboxStacks stacks;

    private Sandbox(MotoProcess moto, Thread stopMotoOnExit, URI motoEndpoint, Gateway gateway, SandboxClients clients,
                    Path workDir, SlackStandIn slack) {
        this.slack = slack;
        this.moto = moto;
        this.stopMotoOnExit = stopMotoOnExit;
        this.motoEndpoint = motoEndpoint;
        this.gateway = gateway;
        this.workDir = workDir;
        this.clients = clients;
    }

    /** Starts moto_server (found on the PATH of {@code environment}) and the gateway; files go to {@code workDir}. */
    public static Sandbox start(Map<String, String> environment, Path workDir) {
        Path executable = MotoProcess.locate(environment.get("PATH"));
        int motoPort = MotoProcess.freeLoopbackPort();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI motoEndpoint = URI.create("http://127.0.0.1:" + motoPort);
        Gateway gateway;
        try {
            gateway = Gateway.start(0, motoEndpoint);
        } catch (UncheckedIOException e) {
            throw new SetupException("Could not start the sandbox gateway: " + e.getMessage(), e);
        }
        // moto takes seconds to start: the SDK clients load their classes meanwhile.
        SandboxClients clients = new SandboxClients(gateway.endpoint(), REGION);
        Thread warmUp = new Thread(clients::warmUp, "sandbox-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        MotoProcess moto;
        try {
            moto = MotoProcess.start(executable, motoPort, workDir.resolve("moto.log"), false, environment);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        Thread stopMoto = moto.stopOnExit();
        try {
            warmUp.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Sandbox(moto, stopMoto, motoEndpoint, gateway, clients, workDir, SlackStandIn.start());
    }

    /** The endpoint functions and users talk to (the gateway). */
    public URI endpoint() {
        return gateway.endpoint();
    }

    public SandboxClients clients() {
        return clients;
    }

    public GatewayControl control() {
        return new GatewayControl(endpoint());
    }

    /** The gateway itself (faults, recorded calls, played operations), for the demo and tests in this JVM. */
    public Gateway gateway() {
        return gateway;
    }

    /** The sandbox's Slack: the stand-in IncidentNotifierFunction posts to (see {@link #slackEnvironment}). */
    public SlackStandIn slack() {
        return slack;
    }

    /** What IncidentNotifierFunction needs to talk to {@code slack}: its Web API URL and a bot token it accepts. */
    public static Map<String, String> slackEnvironment(String apiUrl, String token) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SLACK_API_URL", apiUrl);
        variables.put("SLACK_BOT_TOKEN", token);
        return variables;
    }

    public SandboxStacks stacks() {
        return stacks;
    }

    /** Deploys the core stack and the ops stack's state from the project at {@code projectRoot}. */
    public SandboxStacks deploy(Path projectRoot) {
        stacks = SandboxStacks.deploy(clients, projectRoot);
        return stacks;
    }

    /**
     * Back to a freshly deployed sandbox: moto forgets everything, the gateway its marks, faults, played state and
     * recorded calls, and both stacks are deployed again.
     */
    public SandboxStacks reset(Path projectRoot) {
        MotoProcess.reset(motoEndpoint);
        gateway.reset();
        slack.reset();
        return deploy(projectRoot);
    }

    /**
     * sam's --env-vars file for {@code ./ops local invoke} against this sandbox (IncidentNotifierFunction's Slack
     * variables pointing at the sandbox's Slack), with {@code overrides} on top.
     */
    public Path writeEnvVars(String fileName, Map<String, String> overrides) {
        Map<String, String> variables = new LinkedHashMap<>(slackEnvironment(slack.apiUrl(), slack.token()));
        variables.putAll(overrides);
        try {
            return Files.writeString(workDir.resolve(fileName), stacks.functions().envVarsJson(variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a process needs to talk to this sandbox. */
    public Map<String, String> awsEnvironment() {
        return awsEnvironment(endpoint(), REGION);
    }

    public static Map<String, String> awsEnvironment(URI endpoint, String region) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_ENDPOINT_URL", endpoint.toString());
        variables.put("AWS_REGION", region);
        variables.put("AWS_DEFAULT_REGION", region);
        variables.put("AWS_ACCESS_KEY_ID", SandboxClients.ACCESS_KEY);
        variables.put("AWS_SECRET_ACCESS_KEY", SandboxClients.SECRET_KEY);
        return variables;
    }

    @Override
    public void close() {
        slack.close();
        clients.close();
        gateway.close();
        moto.close();
        try {
            Runtime.getRuntime().removeShutdownHook(stopMotoOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }
}
