package link.buddyverse.ops.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.sam.FunctionSpec;
import link.buddyverse.ops.locallambda.LambdaContainer;

/**
 * The functions of a template, each in a container that stays warm between its invocations, as
 * {@code sam local start-lambda --warm-containers LAZY} keeps them and as Lambda reuses an execution environment
 * for events that follow each other: the first event of a function starts its container cold (a fresh JVM through
 * the same setup as {@code ./ops local invoke}: template, env-vars file, the AWS it talks to), the next ones find it
 * warm. A container that died (init failed, timed out) is replaced by a cold one at the next event.
 */
public final class WarmLambdas implements AutoCloseable {

    /** One invocation: 0 answered or 1 function error (as {@code ./ops local invoke} exits), the answer, its logs. */
    public record Invocation(String logicalId, int exitCode, String output, List<String> logs, long millis, boolean cold) {
    }

    private final OpsCli ops;
    private final Path template;
    private final Path envVars;
    private final Map<String, LambdaContainer> containers = new LinkedHashMap<>();
    private boolean closed;

    /** @param envVars sam's env-vars file the functions' environments are resolved with, or null */
    public WarmLambdas(OpsCli ops, Path template, Path envVars) {
        this.ops = ops;
        this.template = template;
        this.envVars = envVars;
    }

    /** Invokes {@code logicalId} with the event in {@code eventFile}, in its warm container (started cold if it has none). */
    public Invocation invoke(String logicalId, Path eventFile) {
        long start = System.nanoTime();
        List<String> setupLogs = new ArrayList<>();
        LambdaContainer container;
        synchronized (containers) {
            container = containers.get(logicalId);
            if (container == null || !container.alive()) {
                container = start(logicalId, setupLogs);
                containers.put(logicalId, container);
            }
        }
        byte[] event;
        try {
            event = Files.readAllBytes(eventFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the event " + eventFile, e);
        }
        LambdaContainer.Answer answer = container.invoke(UUID.randomUUID().toString(), event);
        setupLogs.addAll(answer.logs());
        return new Invocation(logicalId, answer.answered() ? 0 : OpsCli.FUNCTION_ERROR, answer.body(), setupLogs,
                (System.nanoTime() - start) / 1_000_000, answer.cold());
    }

    /**
     * Starts the containers of {@code logicalIds} ahead of their first events, in that order, as
     * {@code --warm-containers EAGER} does, with no more inits at once than there are processors: the first ones
     * needed are ready soonest, and the later ones initialise while the caller goes on. Setup problems (a function not
     * built) show at that function's first event.
     */
    public void startEagerly(List<String> logicalIds) {
        Thread starter = new Thread(() -> {
            int atOnce = Math.max(1, Runtime.getRuntime().availableProcessors());
            java.util.Deque<LambdaContainer> initialising = new java.util.ArrayDeque<>();
            for (String logicalId : logicalIds) {
                LambdaContainer started;
                synchronized (containers) {
                    if (closed || containers.containsKey(logicalId)) {
                        continue;
                    }
                    try {
                        started = start(logicalId, new ArrayList<>());
                    } catch (RuntimeException notReady) {
                        continue;  // started at its first event, which then reports the problem
                    }
                    containers.put(logicalId, started);
                }
                initialising.add(started);
                if (initialising.size() >= atOnce) {
                    initialising.poll().awaitInit(LambdaContainer.INIT_ALLOWANCE_SECONDS);
                }
            }
        }, "warm-containers-eager-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Stops every container: the next event of each function starts cold, with its environment read again. */
    public void recycle() {
        synchronized (containers) {
            containers.values().forEach(LambdaContainer::close);
            containers.clear();
        }
    }

    @Override
    public void close() {
        synchronized (containers) {
            closed = true;
        }
        recycle();
    }

    private LambdaContainer start(String logicalId, List<String> setupLogs) {
        StringWriter warnings = new StringWriter();
        PrintWriter err = new PrintWriter(warnings, true);
        FunctionSetup setup = FunctionSetup.prepare(ops, template, logicalId, List.of(), envVars, false, err);
        Path jar = setup.readyToRun(err);
        setupLogs.addAll(warnings.toString().lines().toList());
        setupLogs.add("ops: starting a container for " + setup.describe());
        return LambdaContainer.start(setup.lambda(jar), null);
    }
}
