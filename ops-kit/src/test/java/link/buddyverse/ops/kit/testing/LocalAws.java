package link.buddyverse.ops.kit.testing;

import java.net.URI;
import link.buddyverse.ops.localaws.Gateway;

/**
 * The local-aws gateway, held apart from {@link MotoExtension} so that the extension still loads in a module whose
 * test classpath lacks local-aws (that module's tests then talk to moto directly, and a warning says so).
 */
final class LocalAws implements AutoCloseable {

    private final Object gateway;

    private LocalAws(Object gateway) {
        this.gateway = gateway;
    }

    static LocalAws startIfPresent(URI moto) {
        try {
            Class.forName(MotoExtension.GATEWAY_CLASS, false, LocalAws.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            System.err.println("WARNING: link.buddyverse.ops:local-aws is not on this module's test classpath (add it"
                    + " with <scope>test</scope>): the tests talk to moto_server directly, without the gateway");
            return null;
        }
        return new LocalAws(Gateway.start(moto));
    }

    Gateway gateway() {
        return (Gateway) gateway;
    }

    String endpoint() {
        return gateway().endpoint().toString();
    }

    void reset() {
        gateway().reset();
    }

    @Override
    public void close() {
        gateway().close();
    }
}
