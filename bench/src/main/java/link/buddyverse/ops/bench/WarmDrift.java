package link.buddyverse.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import link.buddyverse.ops.bench.warm.WarmDriftProbe;

/**
 * Starts {@link WarmDriftProbe} in a child JVM with Lambda's java21 flags and the deployment jar first on its
 * classpath: one warm container, N invocations of the function's warm event (skipped: no AWS call).
 */
final class WarmDrift {

    /** Per-invocation latencies of one container; fewer than asked when its time budget ran out. */
    record Series(String variant, long[] nanos) {

        /** The 20 invocations around the n-th (n-9..n+10), or the last 20 run when the series stopped short. */
        int[] lateWindow(int n) {
            int last = Math.min(n + 10, nanos.length);
            return new int[] {last - 19, last};
        }

        double lateMedianMs(int n) {
            int[] window = lateWindow(n);
            return Stats.windowMedianMs(nanos, window[0], window[1]);
        }

        double driftRatio(int n) {
            return Stats.ratio(lateMedianMs(n), Stats.windowMedianMs(nanos, 91, 110));
        }
    }

    private final String javaExecutable;
    private final String handlerClass;
    private final List<String> jvmFlags;
    private final Path functionJar;
    private final Path benchJar;
    private final Map<String, String> environment;

    WarmDrift(String javaExecutable, String handlerClass, List<String> jvmFlags, Path functionJar, Path benchJar,
              Map<String, String> environment) {
        this.javaExecutable = javaExecutable;
        this.handlerClass = handlerClass;
        this.jvmFlags = jvmFlags;
        this.functionJar = functionJar;
        this.benchJar = benchJar;
        this.environment = environment;
    }

    Series run(String variant, int invocations, Path event, Path log, int budgetSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmFlags);
        command.add("-cp");
        // The deployment jar first: every class it holds is measured from it, not from bench.jar's SDK copy.
        command.add(functionJar + java.io.File.pathSeparator + benchJar);
        command.add(WarmDriftProbe.class.getName());
        command.add(handlerClass);
        command.add(variant);
        command.add(Integer.toString(invocations));
        command.add(event.toString());
        command.add(Integer.toString(budgetSeconds));
        command.add("skipped");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String latencies = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("LATENCIES_NS ")) {
                    latencies = line.substring("LATENCIES_NS ".length());
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (latencies == null) {
            throw new IllegalStateException("the warm probe (" + variant + ") printed no latencies; exit "
                    + process.exitValue() + ", log " + log + ":\n" + tail(log));
        }
        String[] parts = latencies.split(",");
        long[] nanos = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            nanos[i] = Long.parseLong(parts[i]);
        }
        return new Series(variant, nanos);
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
