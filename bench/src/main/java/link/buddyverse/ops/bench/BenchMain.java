package link.buddyverse.ops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import link.buddyverse.ops.sam.FunctionSpec;
import link.buddyverse.ops.sam.SamTemplate;
import link.buddyverse.ops.sam.StackContext;

/**
 * {@code ./ops bench}: every function of template.yaml against a plain aws-lambda-java-core handler making the
 * same calls, each figure a ratio within one run so the machine cancels out: cold start through Lambda's runtime
 * interface client, warm drift over 10,000 invocations, jar bytes (bench/README.md).
 *
 * <ul>
 *   <li>{@link Functions}: the bench's entry for each function (event, environment, set-up, effect, plain handler);</li>
 *   <li>{@link FunctionBench}: the runs of one function; {@link ColdStart} (through local-lambda), {@link WarmDrift}:
 *       the runners; {@link Stage}: moto (local-aws's MotoProcess), the gateway (and its record of calls) and the
 *       Slack stand-in;</li>
 *   <li>{@link Report}: the table, or with {@code --json} one JSON object; progress goes to stderr.</li>
 * </ul>
 * Measures the jars under {@code -Dops.root} (default: the current directory), with the plain handlers and the
 * runtime interface client that sit next to the bench.jar it runs from, so one harness can measure another
 * checkout (an older commit's worktree) the same way.
 */
public final class BenchMain {

    static final String BUILD_HINT = "build first: ./mvnw -B -q -pl bench -am install -DskipTests";

    private final Options options;
    private final PrintStream progress = System.err;

    private BenchMain(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        // The harness's own SDK clients have no SLF4J binding; its three-line notice is not progress.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            Options.help();
            return;
        }
        try {
            Integer relaunched = relaunchFromSnapshot(args);
            if (relaunched != null) {
                System.exit(relaunched);
                return;
            }
            System.exit(new BenchMain(options).run());
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Other builds in this repository rewrite bench/target/bench.jar and the deployment jars in place; a run of
     * several minutes must not see either change under it. So the harness runs from a copy of its own jar, and
     * everything it measures is copied once at the start ({@link FunctionBench#snapshot}). Returns the copy's
     * exit code, or null when this JVM already is the copy (or runs from classes, not a jar).
     */
    private static Integer relaunchFromSnapshot(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("bench.snapshot") != null) {
            return null;
        }
        Path root = root();
        Path running = benchJar(root);
        if (!Files.isRegularFile(running) || !running.toString().endsWith(".jar")) {
            return null;
        }
        Path home = benchHome(root);
        Path copy = Files.createDirectories(home.resolve("bench-work/snapshot")).resolve("bench-harness.jar");
        Files.copy(running, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbench.snapshot=true", "-Dops.root=" + root, "-Dbench.home=" + home, "-cp", copy.toString(),
                BenchMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** 0: every function of template.yaml measured; 1: one could not be; 3: one has no bench entry. */
    private int run() throws Exception {
        Path root = root();
        Path home = benchHome(root);
        Path work = home.resolve("bench-work");
        Files.createDirectories(work.resolve("logs"));
        Path benchJar = benchJar(root);
        benchJar = benchJar.getFileName().toString().equals("bench-harness.jar") ? benchJar : FunctionBench.snapshot(work, benchJar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // Every function of template.yaml, each with its entry; the ones without one are reported, not skipped quietly.
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        List<String> functionIds = template.functionIds();
        for (String asked : options.functions()) {
            if (!functionIds.contains(asked)) {
                throw new IllegalArgumentException("--function " + asked + ": template.yaml has no such function (it has "
                        + functionIds + ")");
            }
        }
        Map<String, String> notMeasured = new LinkedHashMap<>();
        List<Map.Entry<FunctionEntry, FunctionSpec>> planned = new ArrayList<>();
        for (String function : functionIds) {
            if (!options.functions().isEmpty() && !options.functions().contains(function)) {
                continue;
            }
            Optional<FunctionEntry> spec = Functions.named(function);
            if (spec.isEmpty()) {
                notMeasured.put(function, "no bench entry: add one to bench/.../Functions.java (bench/README.md, \"Adding a function\")");
                progress.println("bench: WARNING " + function + " has no bench entry in Functions.java: not measured");
            } else {
                // As sam local resolves it: every parameter at its default, this stack's name and the stage's region.
                planned.add(Map.entry(spec.get(), template.function(function, Map.of(), StackContext.local(Stage.REGION))));
            }
        }

        Map<String, String> load = new LinkedHashMap<>();
        load.put("start", loadAverage());
        progress.println("bench: load average " + load.get("start") + "; starting moto_server on 127.0.0.1");
        List<FunctionResult> results = new ArrayList<>();
        try (Stage stage = Stage.start(work.resolve("logs"))) {
            ColdStart coldStart = new ColdStart(stage.motoEndpoint());
            FunctionBench.Bench bench = new FunctionBench.Bench(root, home, work, java, benchJar, stage, coldStart, options, progress);
            for (Map.Entry<FunctionEntry, FunctionSpec> entry : planned) {
                progress.println("bench: " + entry.getKey().name() + " (" + entry.getValue().handler() + ")");
                results.add(new FunctionBench(bench, entry.getKey(), entry.getValue()).run());
            }
        }
        load.put("end", loadAverage());

        Report report = new Report(options, results, notMeasured, load, root.toString());
        if (options.json()) {
            System.out.println(Json.write(report.json()));
        } else {
            report.print(System.out);
        }
        if (results.stream().anyMatch(r -> r.error != null)) {
            return 1;
        }
        return notMeasured.isEmpty() ? 0 : 3;
    }

    private static Path root() {
        return Path.of(System.getProperty("ops.root", "")).toAbsolutePath().normalize();
    }

    /** Where the bench's own artifacts are (the plain handlers' jars, ric/): next to the bench.jar it runs from. */
    private static Path benchHome(Path root) {
        String given = System.getProperty("bench.home");
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        Path jar = benchJar(root);
        return Files.isRegularFile(jar) ? jar.toAbsolutePath().getParent() : root.resolve("bench/target");
    }

    private static Path benchJar(Path root) {
        try {
            Path location = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the conventional place
        }
        return root.resolve("bench/target/bench.jar");
    }

    /** The 1, 5 and 15 minute load averages (/proc/loadavg), or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
