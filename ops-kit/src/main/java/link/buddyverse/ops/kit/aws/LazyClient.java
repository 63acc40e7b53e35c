package link.buddyverse.ops.kit.aws;

import java.util.function.Supplier;

/**
 * A service client built on its first use and kept for the container's life, for clients only a rare path
 * calls. A plain {@code @Singleton} client would not do: micronaut-function-aws initialises singletons eagerly,
 * so every cold start would pay for a client the common path never calls (269 classes for the load-balancer
 * client, measured by {@code ./ops bench}).
 */
public final class LazyClient<C> {

    private final Supplier<C> build;
    private volatile C client;

    public LazyClient(Supplier<C> build) {
        this.build = build;
    }

    public C get() {
        C current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = build.get();
                }
                current = client;
            }
        }
        return current;
    }
}
