package link.buddyverse.ops.kit.testing;

import link.buddyverse.ops.localaws.MotoProcess;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The moto_server of {@link MotoExtension}, as a test sees it: the endpoint its clients use (the local-aws gateway in
 * front of moto), moto's own, and a reset. The process is local-aws's {@link MotoProcess}, the project's one moto
 * launcher; one per test JVM.
 */
public final class MotoServer implements AutoCloseable {

    private final MotoProcess process;
    /** Where clients are sent: the local-aws gateway in front of this process. */
    private volatile String clientEndpoint;

    private MotoServer(MotoProcess process) {
        this.process = process;
    }

    public static MotoServer start() {
        return start(System.getenv("PATH"));
    }

    /**
     * Starts the moto_server found on the given search path (the PATH environment variable, normally); when there is
     * none, or it will not start, the tests fail with one sentence on what to do (never a silent skip).
     */
    public static MotoServer start(String searchPath) {
        try {
            return new MotoServer(MotoProcess.start(searchPath));
        } catch (MotoProcess.Unavailable e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** The endpoint for clients: the local-aws gateway in front of moto (it forwards, records, injects faults). */
    public String endpoint() {
        return clientEndpoint != null ? clientEndpoint : motoEndpoint();
    }

    /** moto_server's own endpoint, bypassing the gateway (no recording, no faults, no CBOR bridge). */
    public String motoEndpoint() {
        return process.endpoint().toString();
    }

    /** Sends clients to {@code endpoint} (the gateway) from now on. */
    void frontedBy(String endpoint) {
        this.clientEndpoint = endpoint;
    }

    public int port() {
        return process.port();
    }

    /** Forgets every resource, so each test starts from an empty account. */
    public void reset() {
        process.reset();
    }

    @Override
    public void close() {
        process.close();
    }
}
