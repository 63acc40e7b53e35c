package link.buddyverse.ops.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.sam.StackContext;

/**
 * Which AWS a local invocation talks to: the endpoint in {@code AWS_ENDPOINT_URL} (a local moto_server,
 * typically), or the user's AWS account when it is unset. Checked before the function starts, so that a
 * missing endpoint costs one second and one sentence instead of an SDK stack trace after the retries.
 *
 * <p>Only a loopback endpoint (127.0.0.1, localhost, ::1) is treated as a sandbox: it gets the default region
 * and dummy credentials when none are set, and the ops state table is created there. Any other address
 * may be a real account behind a proxy, so nothing is assumed or created there.
 */
public final class AwsTarget {

    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
    static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    static final String DUMMY_CREDENTIAL = "testing";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** Variables the SDK's credential and profile chains read; passed to the function as they are. */
    private static final List<String> PASSED_THROUGH = List.of(
            "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CA_BUNDLE");

    private final Map<String, String> environment;
    private final Path home;
    private final URI endpoint;

    private AwsTarget(Map<String, String> environment, Path home, URI endpoint) {
        this.environment = environment;
        this.home = home;
        this.endpoint = endpoint;
    }

    /** Reads the target from the environment; a malformed AWS_ENDPOINT_URL fails here. */
    public static AwsTarget from(Map<String, String> environment, Path home) {
        String configured = blankToNull(environment.get(ENDPOINT_VARIABLE));
        URI endpoint = null;
        if (configured != null) {
            try {
                endpoint = new URI(configured.trim());
            } catch (URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null || endpoint.getScheme() == null) {
                throw new SetupException("AWS_ENDPOINT_URL=" + configured + " is not a URL: expected one like"
                        + " http://127.0.0.1:4566");
            }
        }
        return new AwsTarget(environment, home, endpoint);
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** A local sandbox: defaults apply and the state table may be created there. */
    public boolean isLoopback() {
        return endpoint != null && LOOPBACK_HOSTS.contains(endpoint.getHost());
    }

    /** AWS_REGION, else AWS_DEFAULT_REGION, else the Buddyverse region. */
    public String region() {
        String region = blankToNull(environment.get("AWS_REGION"));
        if (region == null) {
            region = blankToNull(environment.get("AWS_DEFAULT_REGION"));
        }
        return region == null ? StackContext.DEFAULT_REGION : region;
    }

    /**
     * Fails fast, with what to do, when the function could reach no AWS: an endpoint that does not accept a
     * TCP connection within a second, or no endpoint and no credentials configured at all.
     */
    public void check() {
        if (endpoint != null) {
            if (!accepts(endpoint, CONNECT_TIMEOUT)) {
                throw new SetupException(unreachable());
            }
            return;
        }
        if (!hasCredentials()) {
            throw new SetupException("No AWS endpoint: set AWS_ENDPOINT_URL=http://127.0.0.1:4566 to use a local"
                    + " moto_server (moto_server -H 127.0.0.1 -p 4566), or configure AWS credentials.");
        }
    }

    private String unreachable() {
        String address = endpoint.toString();
        if (isLoopback()) {
            return "No AWS endpoint answers at " + address + " (AWS_ENDPOINT_URL): start one with 'moto_server -H 127.0.0.1 -p "
                    + port(endpoint) + "' or unset AWS_ENDPOINT_URL to use your AWS account.";
        }
        return "No AWS endpoint answers at " + address + " (AWS_ENDPOINT_URL): check that the address is right and"
                + " reachable, or unset AWS_ENDPOINT_URL to use your AWS account.";
    }

    /** Credentials as the SDK's default chain would find them, short of asking instance metadata. */
    boolean hasCredentials() {
        if (blankToNull(environment.get("AWS_ACCESS_KEY_ID")) != null || blankToNull(environment.get("AWS_PROFILE")) != null
                || blankToNull(environment.get("AWS_WEB_IDENTITY_TOKEN_FILE")) != null
                || blankToNull(environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) != null
                || blankToNull(environment.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) != null) {
            return true;
        }
        Path credentials = Path.of(environment.getOrDefault("AWS_SHARED_CREDENTIALS_FILE",
                home.resolve(".aws/credentials").toString()));
        Path config = Path.of(environment.getOrDefault("AWS_CONFIG_FILE", home.resolve(".aws/config").toString()));
        return Files.isRegularFile(credentials) || Files.isRegularFile(config);
    }

    /**
     * The AWS part of the function's environment: what Lambda sets (region, credentials), the endpoint, and
     * what the SDK's chains need to find the user's credentials; dummy credentials for a loopback sandbox.
     */
    public Map<String, String> functionVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", region());
        variables.put("AWS_DEFAULT_REGION", region());
        if (endpoint != null) {
            variables.put(ENDPOINT_VARIABLE, endpoint.toString());
            environment.forEach((name, value) -> {
                if (name.startsWith(ENDPOINT_VARIABLE + "_")) {
                    variables.put(name, value);
                }
            });
        }
        String accessKey = blankToNull(environment.get("AWS_ACCESS_KEY_ID"));
        if (accessKey != null) {
            variables.put("AWS_ACCESS_KEY_ID", accessKey);
            variables.put("AWS_SECRET_ACCESS_KEY", environment.getOrDefault("AWS_SECRET_ACCESS_KEY", ""));
            if (blankToNull(environment.get("AWS_SESSION_TOKEN")) != null) {
                variables.put("AWS_SESSION_TOKEN", environment.get("AWS_SESSION_TOKEN"));
            }
        } else if (isLoopback()) {
            variables.put("AWS_ACCESS_KEY_ID", DUMMY_CREDENTIAL);
            variables.put("AWS_SECRET_ACCESS_KEY", DUMMY_CREDENTIAL);
        }
        for (String name : PASSED_THROUGH) {
            if (blankToNull(environment.get(name)) != null) {
                variables.put(name, environment.get(name));
            }
        }
        // The SDK looks for ~/.aws through HOME (or user.home, which the JVM derives from the account).
        variables.put("HOME", home.toString());
        return variables;
    }

    static boolean accepts(URI endpoint, Duration timeout) {
        String host = endpoint.getHost().replace("[", "").replace("]", "");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // localhost may resolve to ::1 and 127.0.0.1; a server listens on one of them.
            for (InetAddress address : InetAddress.getAllByName(host)) {
                int remaining = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port(endpoint)), remaining);
                    return true;
                } catch (IOException refused) {
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                }
            }
        } catch (IOException unknownHost) {
            return false;
        }
        return false;
    }

    static int port(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
