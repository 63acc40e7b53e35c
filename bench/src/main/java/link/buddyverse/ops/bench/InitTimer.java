package link.buddyverse.ops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.locallambda.RuntimeInterfaceClient;

/**
 * A function's init alone, without moto or the runtime interface client: its handler's no-argument constructor
 * (what Lambda's init phase runs) in a fresh JVM with the java21 runtime's flags, for one or more builds of the same
 * handler, interleaved, N JVMs each; prints the median process CPU time and wall time of the constructor. CPU time
 * moves far less than wall time on a shared machine, so it tells apart changes of a few percent (bench/README.md, "Start-up per function").
 *
 * <pre>java -cp bench/target/bench.jar link.buddyverse.ops.bench.InitTimer 11 link.buddyverse.ops.scaling.ScalingTunerHandler a.jar b.jar</pre>
 *
 * The handler is loaded from its jar with only Lambda's own jars beside it (local-lambda's runtime interface client), as the RIC loads it.
 * Set {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} to time the eager init SnapStart's snapshot runs.
 */
public final class InitTimer {

    private static final String CHILD = "--child";

    private InitTimer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(Path.of(args[1]), args[2], Path.of(args[3]));
            return;
        }
        if (args.length < 3) {
            System.err.println("usage: InitTimer <runs> <handler class> <jar>...");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[0]);
        String handler = args[1];
        Path benchJar = Path.of(InitTimer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path ric = RuntimeInterfaceClient.installed().directory();
        Map<String, List<long[]>> samples = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (int j = 2; j < args.length; j++) {
                samples.computeIfAbsent(args[j], k -> new ArrayList<>()).add(timeOnce(benchJar, ric, handler, Path.of(args[j])));
            }
        }
        for (Map.Entry<String, List<long[]>> entry : samples.entrySet()) {
            System.out.printf("%s: init CPU median %,d ms, wall median %,d ms (%d JVMs)%n", entry.getKey(),
                    median(entry.getValue(), 0), median(entry.getValue(), 1), entry.getValue().size());
        }
    }

    /** One fresh JVM timing the constructor: {cpu ms, wall ms}. */
    private static long[] timeOnce(Path benchJar, Path ric, String handler, Path jar) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(FunctionBench.LAMBDA_FLAGS);
        command.addAll(List.of("-cp", benchJar.toString(), InitTimer.class.getName(), CHILD, jar.toString(), handler, ric.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.putIfAbsent("AWS_REGION", Stage.REGION);
        env.putIfAbsent("AWS_ACCESS_KEY_ID", "testing");
        env.putIfAbsent("AWS_SECRET_ACCESS_KEY", "testing");
        env.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "init-timer");
        env.putIfAbsent("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.putIfAbsent("OPS_STATE_TABLE", Stage.TABLE);
        env.putIfAbsent("SLACK_BOT_TOKEN", "xoxb-init-timer");
        // Nothing answers here: the constructor must not call AWS.
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || !out.startsWith("init ")) {
            throw new IllegalStateException(jar + ": the constructor of " + handler + " failed: " + out);
        }
        String[] parts = out.split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    private static void child(Path jar, String handler, Path ric) throws Exception {
        List<URL> urls = new ArrayList<>(List.of(jar.toUri().toURL()));
        try (var lambdaJars = Files.list(ric)) {
            for (Path p : lambdaJars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        }
        long wallStart = System.nanoTime();
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class.forName(handler, true, loader).getDeclaredConstructor().newInstance();
        long wall = (System.nanoTime() - wallStart) / 1_000_000;
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.out.println("init " + cpu + " " + wall + " (jvm up " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms)");
        System.exit(0);
    }

    private static long median(List<long[]> samples, int index) {
        List<Long> values = samples.stream().map(s -> s[index]).sorted().toList();
        return values.get((values.size() - 1) / 2);
    }
}
