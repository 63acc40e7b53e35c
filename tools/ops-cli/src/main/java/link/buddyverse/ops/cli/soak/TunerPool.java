package link.buddyverse.ops.cli.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.locallambda.LambdaContainer;

/**
 * The warm containers of one function, as Lambda keeps several execution environments of it side by side: each a
 * local-lambda container (its deployment jar under the runtime interface client), one invocation at a time each. A
 * container that died (a timeout) is replaced by a cold one at its next event, as Lambda does. Each container's logs
 * go to a file of its own.
 */
final class TunerPool implements AutoCloseable {

    private final LambdaContainer.Function function;
    private final List<LambdaContainer> containers = new ArrayList<>();
    private final List<PrintWriter> logs = new ArrayList<>();
    private int started;

    TunerPool(LambdaContainer.Function function, int size, Path logDir) {
        this.function = function;
        try {
            Files.createDirectories(logDir);
            for (int i = 0; i < size; i++) {
                logs.add(new PrintWriter(Files.newBufferedWriter(logDir.resolve("container-" + i + ".log"), StandardCharsets.UTF_8), true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the containers' logs to " + logDir, e);
        }
        for (int i = 0; i < size; i++) {
            containers.add(start(i));
        }
        containers.forEach(c -> c.awaitInit(LambdaContainer.INIT_ALLOWANCE_SECONDS * 3L));
    }

    int size() {
        return containers.size();
    }

    /** Containers started in all, the first ones included: more than {@link #size()} when some died. */
    synchronized int started() {
        return started;
    }

    LambdaContainer.Answer invoke(int slot, String requestId, byte[] event) {
        LambdaContainer container;
        synchronized (this) {
            container = containers.get(slot);
            if (!container.alive()) {
                container.close();
                container = start(slot);
                containers.set(slot, container);
            }
        }
        return container.invoke(requestId, event);
    }

    private synchronized LambdaContainer start(int slot) {
        started++;
        PrintWriter log = logs.get(slot);
        return LambdaContainer.start(function, line -> {
            synchronized (log) {
                log.println(line);
            }
        });
    }

    @Override
    public synchronized void close() {
        containers.forEach(LambdaContainer::close);
        logs.forEach(PrintWriter::close);
    }
}
