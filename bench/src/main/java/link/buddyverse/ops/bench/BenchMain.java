package link.buddyverse.ops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * {@code ./ops bench}: ScalingTunerFunction's deployment jar against a plain aws-lambda-java-core handler making
 * the same AWS calls, each figure a ratio within one run so the machine cancels out.
 *
 * <ul>
 *   <li>(a) cold start: fresh JVM through Lambda's runtime interface client against moto, init + first invoke,
 *       median of N runs, with and without the java21 runtime's JVM flags; function and plain interleaved;</li>
 *   <li>(b) warm drift: one container, 10,000 invocations of the OK-state event, median of invocations 91-110 vs
 *       9,991-10,010, with ops-kit's CurrentInvocation fix and without it (micronaut's per-call registration);</li>
 *   <li>(c) jar bytes and classes loaded by the first invocation, per package.</li>
 * </ul>
 * A table on stdout, or with {@code --json} one JSON object; progress on stderr. Run from the repository root
 * (or pass {@code -Dops.root=...}).
 */
public final class BenchMain {

    /** The java21 runtime's JVM options (AWS: tiered compilation stops at C1 on java17/21; serial GC; CDS). */
    static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    static final String FUNCTION = "ScalingTunerFunction";
    static final String PLAIN = "PlainHandler";
    static final String FUNCTION_CLASS = "link.buddyverse.ops.scaling.ScalingTunerHandler";
    static final String PLAIN_CLASS = "link.buddyverse.ops.bench.plain.PlainScalingHandler";
    /**
     * Without the fix every call is slower than the last (20-50 ms each by 9,000 on this 2-core machine, 2 minutes
     * for the 10,010): each warm JVM is capped so that the full run stays near 5 minutes.
     */
    static final int WARM_BUDGET_SECONDS = 90;
    static final double COLD_TARGET = 1.15;
    static final double WARM_TARGET = 1.05;
    static final double JAR_TARGET = 1.3;
    static final String SERIALIZER_SERVICE = "com.amazonaws.services.lambda.runtime.CustomPojoSerializer";
    static final String MICRONAUT_SERIALIZER = "io.micronaut.function.aws.JsonMapperCustomPojoSerializer";
    static final String BUILD_HINT = "build first: ./mvnw -B -q -pl bench -am install -DskipTests";

    private record Options(int runs, int warmInvocations, boolean json) {
    }

    /** One cell of the cold-start table: a subject under one set of JVM flags. */
    private record Config(ColdStart.Subject subject, String flagsName, List<String> flags) {
    }

    private static final class Samples {
        final Map<Integer, Double> totalByRound = new LinkedHashMap<>();
        final List<Double> total = new ArrayList<>();
        final List<Double> init = new ArrayList<>();
        final List<Double> invoke = new ArrayList<>();
        int acted;
        int attempted;
    }

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
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: java -cp bench/target/bench.jar link.buddyverse.ops.bench.BenchMain [--runs N] [--quick] [--json]");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println("usage: java -cp bench/target/bench.jar link.buddyverse.ops.bench.BenchMain [--runs N] [--quick] [--json]");
            System.out.println("  --runs N   cold starts per subject and flag set (default 10)");
            System.out.println("  --quick    3 runs and 2,000 warm invocations: a smoke check");
            System.out.println("  --json     one JSON object on stdout instead of the table");
            return;
        }
        try {
            Integer relaunched = relaunchFromSnapshot(args);
            if (relaunched != null) {
                System.exit(relaunched);
                return;
            }
            new BenchMain(options).run();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Other builds in this repository rewrite bench/target/bench.jar and the deployment jar in place; a run of
     * several minutes must not see either change under it. So the harness runs from a copy of its own jar, and
     * everything it measures is copied once at the start (see {@link #snapshot}). Returns the copy's exit code,
     * or null when this JVM already is the copy (or runs from classes, not a jar).
     */
    private static Integer relaunchFromSnapshot(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("bench.snapshot") != null) {
            return null;
        }
        Path root = Path.of(System.getProperty("ops.root", "")).toAbsolutePath().normalize();
        Path running = benchJar(root);
        if (!Files.isRegularFile(running) || !running.toString().endsWith(".jar")) {
            return null;
        }
        Path copy = Files.createDirectories(root.resolve("bench/target/bench-work/snapshot")).resolve("bench-harness.jar");
        Files.copy(running, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbench.snapshot=true", "-Dops.root=" + root, "-cp", copy.toString(), BenchMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** A private copy of a jar, taken once per run, so a rebuild during the run cannot change what is measured. */
    private static Path snapshot(Path work, Path jar) throws IOException {
        Path copy = Files.createDirectories(work.resolve("snapshot")).resolve(jar.getFileName());
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private static Options parse(String[] args) {
        int runs = 10;
        int warm = 10_000;
        boolean json = false;
        boolean runsGiven = false;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--quick" -> quick = true;
                case "--runs" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--runs needs a number");
                    }
                    try {
                        runs = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--runs needs a number, got '" + args[i] + "'");
                    }
                    if (runs < 1) {
                        throw new IllegalArgumentException("--runs must be at least 1");
                    }
                    runsGiven = true;
                }
                case "-h", "--help" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (quick) {
            warm = 2_000;
            if (!runsGiven) {
                runs = 3;
            }
        }
        return new Options(runs, warm, json);
    }

    private void run() throws Exception {
        Path root = Path.of(System.getProperty("ops.root", "")).toAbsolutePath().normalize();
        Path functionJar = root.resolve("functions/scaling-tuner/target/scaling-tuner.jar");
        Path plainJar = root.resolve("bench/target/plain-handler.jar");
        Path ricDir = root.resolve("bench/target/ric");
        Path benchJar = benchJar(root);
        for (Path required : List.of(functionJar, plainJar, ricDir, benchJar)) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(required + " is missing (run from the repository root or pass -Dops.root); "
                        + BUILD_HINT);
            }
        }
        List<Path> ricJars;
        try (Stream<Path> files = Files.list(ricDir)) {
            ricJars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        if (ricJars.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
            throw new IllegalStateException("no runtime interface client jar in " + ricDir + "; " + BUILD_HINT);
        }
        Path work = root.resolve("bench/target/bench-work");
        Files.createDirectories(work.resolve("logs"));
        functionJar = snapshot(work, functionJar);
        plainJar = snapshot(work, plainJar);
        benchJar = Files.isRegularFile(benchJar) && benchJar.getFileName().toString().equals("bench-harness.jar")
                ? benchJar : snapshot(work, benchJar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        byte[] alarmEvent = alarmEvent(root, functionJar);
        Path okEvent = okEvent(root, work, alarmEvent);

        JarComposition functionComposition = JarComposition.of(functionJar);
        JarComposition plainComposition = JarComposition.of(plainJar);
        progress.printf("bench: %s is %,d bytes, %s %,d bytes%n", functionJar.getFileName(), functionComposition.bytes(),
                plainJar.getFileName(), plainComposition.bytes());

        Path functionRoot = taskRoot(work, FUNCTION, functionJar);
        Path plainRoot = taskRoot(work, PLAIN, plainJar);
        List<Config> configs = new ArrayList<>();
        Map<Config, Samples> samples = new LinkedHashMap<>();
        Map<String, ClassLoads> classLoads = new LinkedHashMap<>();
        List<String> defects = new ArrayList<>();
        Setup setup;
        Map<String, List<String>> awsCalls = new LinkedHashMap<>();
        Path warmEvent;
        String warmEventNote;
        int warmAwsCalls;
        WarmDrift.Series fixed;
        WarmDrift.Series withoutFix;

        progress.println("bench: starting moto_server on 127.0.0.1");
        try (Moto moto = Moto.start(work.resolve("logs/moto.log"));
             Account account = new Account(moto);
             RuntimeApi runtimeApi = new RuntimeApi();
             AwsCallRecorder recorder = new AwsCallRecorder(moto.endpoint())) {
            ColdStart coldStart = new ColdStart(runtimeApi, java, ricJars, ricDir, moto.endpoint());

            setup = workingSetup(coldStart, account, recorder, functionRoot, functionJar, alarmEvent, work, defects,
                    templateNamesMethod(root));
            awsCalls.put(FUNCTION, recorder.takeCalls());
            ColdStart.Subject function = new ColdStart.Subject(FUNCTION, setup.handlerString(FUNCTION_CLASS), functionJar, functionRoot);
            // The plain handler takes the same form of handler string: the RIC loads class-only and Class::method
            // handlers along different paths, and both subjects should take the same one.
            ColdStart.Subject plain = new ColdStart.Subject(PLAIN, setup.handlerString(PLAIN_CLASS), plainJar, plainRoot);
            configs.addAll(List.of(
                    new Config(function, "lambda", LAMBDA_FLAGS), new Config(plain, "lambda", LAMBDA_FLAGS),
                    new Config(function, "defaults", List.of()), new Config(plain, "defaults", List.of())));
            configs.forEach(c -> samples.put(c, new Samples()));

            // One untimed start of the plain handler too (the function had its own above): fails fast and puts
            // both jars in the page cache, so the first timed run is not the only one reading from disk. Both
            // went through the call recorder: the plain handler must make the calls the function makes.
            account.fresh();
            Path warmupLog = work.resolve("logs/warmup-" + PLAIN + ".log");
            ColdStart.Run warmup = coldStart.run(plain, alarmEvent, LAMBDA_FLAGS, null, warmupLog, recorder.endpoint());
            awsCalls.put(PLAIN, recorder.takeCalls());
            if (!acted(warmup, account)) {
                throw new IllegalStateException(PLAIN + " did not scale the group through the runtime interface client: "
                        + warmup.body() + "\n--- " + warmupLog + " (tail) ---\n" + WarmDrift.tail(warmupLog));
            }
            progress.printf("bench: AWS calls of %s: %s%n", FUNCTION, String.join(", ", awsCalls.get(FUNCTION)));
            progress.printf("bench: AWS calls of %s: %s%n", PLAIN, String.join(", ", awsCalls.get(PLAIN)));
            if (!awsCalls.get(FUNCTION).equals(awsCalls.get(PLAIN))) {
                defects.add("PlainScalingHandler no longer makes the calls ScalingTunerFunction makes (function: "
                        + awsCalls.get(FUNCTION) + "; plain: " + awsCalls.get(PLAIN) + "): bring bench/.../plain/PlainScalingHandler"
                        + " in line, or the cold-start ratio compares different work");
                progress.println("bench: WARNING " + defects.get(defects.size() - 1));
            }

            // The warm path is meant to be the function's own per-invocation cost, with no AWS call in it.
            account.fresh();
            coldStart.run(function, Files.readAllBytes(okEvent), LAMBDA_FLAGS, null, work.resolve("logs/ok-event.log"),
                    recorder.endpoint());
            List<String> okCalls = recorder.takeCalls();
            if (okCalls.isEmpty()) {
                warmEvent = okEvent;
                warmEventNote = okEvent.getFileName() + " (skipped with no AWS call)";
            } else {
                warmEvent = unmanagedAlarmEvent(okEvent, work);
                warmEventNote = okEvent.getFileName() + " makes AWS calls now (" + String.join(", ", okCalls)
                        + "), so the same event for an alarm the function does not manage (skipped, no AWS call)";
                progress.println("bench: " + warmEventNote);
            }

            int total = options.runs() * configs.size();
            int done = 0;
            for (int round = 0; round < options.runs(); round++) {
                for (int k = 0; k < configs.size(); k++) {
                    // Rotated each round: no subject always runs first, right after a moto reset.
                    Config config = configs.get((round + k) % configs.size());
                    account.fresh();
                    Path log = work.resolve("logs/cold-" + config.subject().name() + "-" + config.flagsName() + ".log");
                    ColdStart.Run run = coldStart.run(config.subject(), alarmEvent, config.flags(), null, log);
                    Samples s = samples.get(config);
                    s.attempted++;
                    done++;
                    if (acted(run, account)) {
                        s.acted++;
                        s.total.add(run.totalMs());
                        s.totalByRound.put(round, run.totalMs());
                        s.init.add(run.initMs());
                        s.invoke.add(run.invokeMs());
                        progress.printf("bench: cold start %d/%d %s (%s flags): %.0f ms (init %.0f + first invoke %.0f)%n",
                                done, total, config.subject().name(), config.flagsName(), run.totalMs(), run.initMs(), run.invokeMs());
                    } else {
                        progress.printf("bench: cold start %d/%d %s (%s flags) did NOT scale the group: %s (log %s)%n",
                                done, total, config.subject().name(), config.flagsName(), abbreviate(run.body()), log);
                    }
                }
            }

            for (ColdStart.Subject subject : List.of(function, plain)) {
                account.fresh();
                Path classLog = work.resolve("logs/classes-" + subject.name() + ".log");
                Files.deleteIfExists(classLog);
                ColdStart.Run run = coldStart.run(subject, alarmEvent, LAMBDA_FLAGS, classLog,
                        work.resolve("logs/classes-run-" + subject.name() + ".log"));
                ClassLoads loads = ClassLoads.read(classLog);
                classLoads.put(subject.name(), loads);
                progress.printf("bench: %s loaded %,d classes up to its first answer (%s)%n", subject.name(), loads.total(),
                        acted(run, account) ? "scaled 2 -> 3" : "did not act: " + abbreviate(run.body()));
            }

            Map<String, String> warmEnv = new LinkedHashMap<>(coldStart.lambdaEnvironment(function));
            warmEnv.put("AWS_ENDPOINT_URL", recorder.endpoint());
            WarmDrift warm = new WarmDrift(java, LAMBDA_FLAGS, functionJar, benchJar, warmEnv);
            int invocations = options.warmInvocations() + 10;
            account.fresh();
            recorder.takeCalls();
            progress.printf("bench: warm drift, %,d invocations in one JVM (with the fix)%n", invocations);
            fixed = warm.run("fixed", invocations, warmEvent, work.resolve("logs/warm-fixed.log"), WARM_BUDGET_SECONDS);
            progress.printf("bench: warm drift, %,d invocations without the fix (Context registered as a singleton per call)%n", invocations);
            withoutFix = warm.run("without-fix", invocations, warmEvent, work.resolve("logs/warm-without-fix.log"),
                    WARM_BUDGET_SECONDS);
            warmAwsCalls = recorder.takeCalls().size();
            if (warmAwsCalls > 0) {
                progress.printf("bench: WARNING the warm runs made %,d AWS calls: they measure moto too%n", warmAwsCalls);
            }
        }

        Map<String, Object> report = report(configs, samples, classLoads, fixed, withoutFix, functionComposition, plainComposition);
        report.put("awsCalls", ordered(FUNCTION, awsCalls.get(FUNCTION), PLAIN, awsCalls.get(PLAIN),
                "same", awsCalls.get(FUNCTION).equals(awsCalls.get(PLAIN))));
        @SuppressWarnings("unchecked")
        Map<String, Object> warmReport = (Map<String, Object>) report.get("warm");
        warmReport.put("event", warmEventNote);
        warmReport.put("awsCallsDuringWarmRuns", warmAwsCalls);
        report.put("functionSetup", ordered("handler", setup.handlerString(FUNCTION_CLASS),
                "serializerRegistrationAddedByBench", setup.addSerializer(), "asBuilt", defects.isEmpty()));
        report.put("defects", defects);
        if (options.json()) {
            System.out.println(Json.write(report));
        } else {
            printTable(configs, samples, classLoads, fixed, withoutFix, functionComposition, plainComposition);
            System.out.println();
            System.out.println("AWS calls, CPU-high ALARM (recorded on the set-up runs):");
            System.out.println("    " + FUNCTION + ": " + String.join(", ", awsCalls.get(FUNCTION)));
            System.out.println("    " + PLAIN + (awsCalls.get(FUNCTION).equals(awsCalls.get(PLAIN)) ? ": the same"
                    : ": " + String.join(", ", awsCalls.get(PLAIN)) + "  <-- DIFFERENT"));
            System.out.println("Warm event: " + warmEventNote + "; AWS calls during the warm runs: " + warmAwsCalls);
            if (!defects.isEmpty()) {
                System.out.println();
                System.out.println("NOTE: the function jar as built does not work under Lambda's runtime (see DEFECT below); it was measured"
                        + " with handler '" + setup.handlerString(FUNCTION_CLASS) + "'"
                        + (setup.addSerializer() ? " and the CustomPojoSerializer registration added by the bench" : ""));
            }
            for (String defect : defects) {
                System.out.println();
                System.out.println("DEFECT: " + defect);
            }
        }
    }

    private static boolean acted(ColdStart.Run run, Account account) {
        return run.answered() && run.body().contains("\"status\":\"applied\"") && account.desiredCapacity() == 3;
    }

    // ---------------------------------------------------------------- report

    private Map<String, Object> report(List<Config> configs, Map<Config, Samples> samples, Map<String, ClassLoads> classLoads,
                                       WarmDrift.Series fixed, WarmDrift.Series withoutFix,
                                       JarComposition functionJar, JarComposition plainJar) {
        int n = options.warmInvocations();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("coldStartRatio", coldRatio(configs, samples, "lambda"));
        report.put("warmDriftRatio", warmRatio(fixed, n));
        report.put("jarRatio", Stats.ratio(functionJar.bytes(), plainJar.bytes()));
        report.put("jarBytes", Map.of(FUNCTION, functionJar.bytes(), PLAIN, plainJar.bytes()));
        report.put("coldStartRatioJvmDefaults", coldRatio(configs, samples, "defaults"));
        report.put("warmDriftRatioWithoutFix", warmRatio(withoutFix, n));
        report.put("targets", ordered("coldStartRatio", COLD_TARGET, "warmDriftRatio", WARM_TARGET, "jarRatio", JAR_TARGET));
        report.put("met", ordered(
                "coldStartRatio", coldRatio(configs, samples, "lambda") <= COLD_TARGET,
                "warmDriftRatio", warmRatio(fixed, n) <= WARM_TARGET,
                "jarRatio", Stats.ratio(functionJar.bytes(), plainJar.bytes()) <= JAR_TARGET));

        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("runs", options.runs());
        cold.put("measure", "ms from spawning java (RIC main, Lambda env) to the response POST; init = to the first GET /next");
        for (String flags : List.of("lambda", "defaults")) {
            Map<String, Object> byFlags = new LinkedHashMap<>();
            byFlags.put("jvmFlags", flags.equals("lambda") ? LAMBDA_FLAGS : List.of());
            for (Config c : configs) {
                if (!c.flagsName().equals(flags)) {
                    continue;
                }
                Samples s = samples.get(c);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("medianMs", Stats.median(s.total));
                cell.put("initMedianMs", Stats.median(s.init));
                cell.put("firstInvokeMedianMs", Stats.median(s.invoke));
                cell.put("acted", s.acted);
                cell.put("attempted", s.attempted);
                cell.put("samplesMs", s.total);
                byFlags.put(c.subject().name(), cell);
            }
            byFlags.put("ratio", coldRatio(configs, samples, flags));
            byFlags.put("pairedRatioMedian", pairedRatio(configs, samples, flags));
            byFlags.put("bestOfRatio", bestRatio(configs, samples, flags));
            cold.put(flags.equals("lambda") ? "lambdaFlags" : "jvmDefaults", byFlags);
        }
        report.put("coldStart", cold);

        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("invocations", n + 10);
        warm.put("jvmFlags", LAMBDA_FLAGS);
        warm.put("windows", ordered("early", "91-110", "steady", "991-1010", "late", (n - 9) + "-" + (n + 10)));
        warm.put("withFix", warmCell(fixed, n));
        warm.put("withoutFix", warmCell(withoutFix, n));
        report.put("warm", warm);

        Map<String, Object> classes = new LinkedHashMap<>();
        Map<String, Object> byPackage = new LinkedHashMap<>();
        classLoads.forEach((name, loads) -> {
            classes.put(name, loads.total());
            byPackage.put(name, sortedDesc(loads.byPackage()));
        });
        report.put("classesLoaded", classes);
        report.put("classesLoadedByPackage", byPackage);
        report.put("jarClasses", Map.of(FUNCTION, functionJar.classes(), PLAIN, plainJar.classes()));
        report.put("jarCompressedBytesByPackage", ordered(FUNCTION, sortedDesc(functionJar.compressedByPackage()),
                PLAIN, sortedDesc(plainJar.compressedByPackage())));
        return report;
    }

    private static Map<String, Object> warmCell(WarmDrift.Series series, int n) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("earlyMedianMs", Stats.windowMedianMs(series.nanos(), 91, 110));
        cell.put("steadyMedianMs", Stats.windowMedianMs(series.nanos(), 991, 1010));
        int[] late = series.lateWindow(n);
        cell.put("invocationsRun", series.nanos().length);
        cell.put("lateWindow", late[0] + "-" + late[1]);
        cell.put("lateMedianMs", series.lateMedianMs(n));
        cell.put("ratio", warmRatio(series, n));
        cell.put("lateOverSteady", Stats.ratio(series.lateMedianMs(n),
                Stats.windowMedianMs(series.nanos(), 991, 1010)));
        return cell;
    }

    private static double warmRatio(WarmDrift.Series series, int n) {
        return series.driftRatio(n);
    }

    private static Samples cell(List<Config> configs, Map<Config, Samples> samples, String flags, String subject) {
        return configs.stream().filter(c -> c.flagsName().equals(flags) && c.subject().name().equals(subject))
                .map(samples::get).findFirst().orElseThrow();
    }

    /**
     * Median of the per-round ratios: a function run and a plain run of the same round are seconds apart, so a
     * burst of load from something else on the machine tends to hit both. Ratio of medians is the headline;
     * when the two disagree, the machine was busy during the run.
     */
    private static double pairedRatio(List<Config> configs, Map<Config, Samples> samples, String flags) {
        Samples f = cell(configs, samples, flags, FUNCTION);
        Samples p = cell(configs, samples, flags, PLAIN);
        List<Double> ratios = new ArrayList<>();
        f.totalByRound.forEach((round, ms) -> {
            Double plainMs = p.totalByRound.get(round);
            if (plainMs != null) {
                ratios.add(ms / plainMs);
            }
        });
        return Stats.median(ratios);
    }

    /** Fastest over fastest: the least disturbed run of each. */
    private static double bestRatio(List<Config> configs, Map<Config, Samples> samples, String flags) {
        double f = cell(configs, samples, flags, FUNCTION).total.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double p = cell(configs, samples, flags, PLAIN).total.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return Stats.ratio(f, p);
    }

    private static double coldRatio(List<Config> configs, Map<Config, Samples> samples, String flags) {
        double f = Double.NaN;
        double p = Double.NaN;
        for (Config c : configs) {
            if (c.flagsName().equals(flags)) {
                double median = Stats.median(samples.get(c).total);
                if (c.subject().name().equals(FUNCTION)) {
                    f = median;
                } else {
                    p = median;
                }
            }
        }
        return Stats.ratio(f, p);
    }

    private void printTable(List<Config> configs, Map<Config, Samples> samples, Map<String, ClassLoads> classLoads,
                            WarmDrift.Series fixed, WarmDrift.Series withoutFix,
                            JarComposition functionJar, JarComposition plainJar) {
        PrintStream out = System.out;
        int n = options.warmInvocations();
        out.printf(Locale.ROOT, "buddyverse-ops bench: %s (scaling-tuner.jar) vs PlainScalingHandler (plain-handler.jar)%n%n", FUNCTION);

        out.printf(Locale.ROOT, "(a) Cold start: spawn java -> response POST, RIC 2.7.0 against moto, median of %d run%s%n", options.runs(),
                options.runs() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "    (in brackets the medians of init = spawn -> first GET /next, and of the first invoke)%n");
        out.printf(Locale.ROOT, "    %-31s %-30s %-30s %7s %-15s %7s %7s%n", "JVM flags", FUNCTION, PLAIN, "ratio", "target",
                "paired", "best");
        for (String flags : List.of("lambda", "defaults")) {
            Samples f = null;
            Samples p = null;
            for (Config c : configs) {
                if (c.flagsName().equals(flags)) {
                    if (c.subject().name().equals(FUNCTION)) {
                        f = samples.get(c);
                    } else {
                        p = samples.get(c);
                    }
                }
            }
            double ratio = coldRatio(configs, samples, flags);
            out.printf(Locale.ROOT, "    %-31s %-30s %-30s %6.2fx %-15s %6.2fx %6.2fx%n",
                    flags.equals("lambda") ? "java21 runtime's (C1, serial)" : "JVM defaults (C2, G1)",
                    cell(f), cell(p), ratio, flags.equals("lambda") ? verdict(ratio, COLD_TARGET) : "",
                    pairedRatio(configs, samples, flags), bestRatio(configs, samples, flags));
        }
        out.printf(Locale.ROOT, "    java21 flags: %s%n", String.join(" ", LAMBDA_FLAGS));
        out.printf(Locale.ROOT, "    ratio = median over median; paired = median of the per-round ratios; best = fastest over fastest.%n");
        Samples fl = cell(configs, samples, "lambda", FUNCTION);
        Samples pl = cell(configs, samples, "lambda", PLAIN);
        out.printf(Locale.ROOT, "    Function minus plain (java21 flags, medians): init %+,.0f ms, first invoke %+,.0f ms.%n",
                Stats.median(fl.init) - Stats.median(pl.init), Stats.median(fl.invoke) - Stats.median(pl.invoke));
        double headline = coldRatio(configs, samples, "lambda");
        double paired = pairedRatio(configs, samples, "lambda");
        if (Math.abs(headline - paired) > 0.1 * paired) {
            out.printf(Locale.ROOT, "    The ratio and the paired ratio disagree by more than 10%%: something else loaded the machine"
                    + " during the run; run it again on a quiet machine.%n");
        }
        out.println();

        out.printf(Locale.ROOT, "(b) Warm drift: %,d invocations in one JVM (java21 flags), median latency of invocations ...%n", n + 10);
        out.printf(Locale.ROOT, "    %-30s %10s %10s %12s %8s %9s %13s%n", "", "#91-110", "#991-1010",
                "#" + (n - 9) + "-" + (n + 10), "ratio", "target", "late/#991-1010");
        for (WarmDrift.Series series : List.of(fixed, withoutFix)) {
            double ratio = warmRatio(series, n);
            double steady = Stats.windowMedianMs(series.nanos(), 991, 1010);
            double late = series.lateMedianMs(n);
            out.printf(Locale.ROOT, "    %-30s %8.1fus %8.1fus %10.1fus %7.2fx %9s %12.2fx%n",
                    series == fixed ? "with CurrentInvocation (fix)" : "without the fix",
                    1000 * Stats.windowMedianMs(series.nanos(), 91, 110), 1000 * steady, 1000 * late, ratio,
                    series == fixed ? verdict(ratio, WARM_TARGET) : "", Stats.ratio(late, steady));
            if (series.nanos().length < n + 10) {
                int[] window = series.lateWindow(n);
                out.printf(Locale.ROOT, "    (%s: stopped at its %d s budget after %,d invocations, so its late window is #%,d-%,d)%n",
                        series == fixed ? "with the fix" : "without the fix", WARM_BUDGET_SECONDS, series.nanos().length,
                        window[0], window[1]);
            }
        }
        out.println("    (the first window is still being JIT-compiled, so it is slow for both; the last column is drift after warm-up)");
        out.println();

        double jarRatio = Stats.ratio(functionJar.bytes(), plainJar.bytes());
        ClassLoads fLoads = classLoads.get(FUNCTION);
        ClassLoads pLoads = classLoads.get(PLAIN);
        out.printf(Locale.ROOT, "(c) Jar size and classes loaded by init + first invocation (java21 flags)%n");
        out.printf(Locale.ROOT, "    %-22s %14s %14s %7s %9s%n", "", FUNCTION, PLAIN, "ratio", "target");
        out.printf(Locale.ROOT, "    %-22s %14s %14s %6.2fx %9s%n", "jar bytes", String.format("%,d", functionJar.bytes()),
                String.format("%,d", plainJar.bytes()), jarRatio, verdict(jarRatio, JAR_TARGET));
        out.printf(Locale.ROOT, "    %-22s %14s %14s %6.2fx%n", "classes in jar", String.format("%,d", functionJar.classes()),
                String.format("%,d", plainJar.classes()), Stats.ratio(functionJar.classes(), plainJar.classes()));
        out.printf(Locale.ROOT, "    %-22s %14s %14s %6.2fx%n", "classes loaded", String.format("%,d", fLoads.total()),
                String.format("%,d", pLoads.total()), Stats.ratio(fLoads.total(), pLoads.total()));
        out.println();

        out.println("Where the difference comes from: classes loaded up to the first answer, by package");
        out.printf(Locale.ROOT, "    %-48s %8s %8s %8s%n", "package", "function", "plain", "extra");
        Set<String> buckets = new HashSet<>(fLoads.byPackage().keySet());
        buckets.addAll(pLoads.byPackage().keySet());
        List<String> ordered = buckets.stream()
                .sorted(Comparator.comparingInt((String b) -> Math.abs(fLoads.byPackage().getOrDefault(b, 0) - pLoads.byPackage().getOrDefault(b, 0)))
                        .reversed().thenComparing(b -> b))
                .toList();
        int shown = 0;
        int otherF = 0;
        int otherP = 0;
        for (String bucket : ordered) {
            int fc = fLoads.byPackage().getOrDefault(bucket, 0);
            int pc = pLoads.byPackage().getOrDefault(bucket, 0);
            if (shown < 16) {
                out.printf(Locale.ROOT, "    %-48s %8d %8d %+8d%n", bucket, fc, pc, fc - pc);
                shown++;
            } else {
                otherF += fc;
                otherP += pc;
            }
        }
        out.printf(Locale.ROOT, "    %-48s %8d %8d %+8d%n", "(other packages)", otherF, otherP, otherF - otherP);
        out.println();
        out.println("What makes scaling-tuner.jar big: compressed bytes by package (top 10)");
        sortedDesc(functionJar.compressedByPackage()).entrySet().stream().limit(10).forEach(e ->
                out.printf(Locale.ROOT, "    %-48s %,12d  (plain: %,d)%n", e.getKey(), e.getValue(),
                        plainJar.compressedByPackage().getOrDefault(e.getKey(), 0L)));
    }

    private static String cell(Samples s) {
        if (s == null || s.total.isEmpty()) {
            return "no run acted";
        }
        return String.format(Locale.ROOT, "%,.0f ms (%,.0f + %,.0f)%s", Stats.median(s.total), Stats.median(s.init),
                Stats.median(s.invoke), s.acted < s.attempted ? " " + s.acted + "/" + s.attempted + " acted" : "");
    }

    private static String verdict(double ratio, double target) {
        return Double.isNaN(ratio) ? "n/a" : (ratio <= target ? "<=" + target + " ok" : "MISSED " + target);
    }

    // ---------------------------------------------------------------- setup

    /**
     * How the function was started: the documented handler string ({@code Class::handleRequest}) or the class
     * alone, with or without a CustomPojoSerializer registration the bench adds to the task root.
     */
    private record Setup(boolean withMethod, boolean addSerializer) {
        String handlerString(String className) {
            return withMethod ? className + "::handleRequest" : className;
        }
    }

    /** Whether template.yaml writes ScalingTunerFunction's Handler as Class::method (else the class alone). */
    static boolean templateNamesMethod(Path root) throws IOException {
        String template = Files.readString(root.resolve("template.yaml"));
        java.util.regex.Matcher handler = java.util.regex.Pattern
                .compile("Handler:\\s*(" + java.util.regex.Pattern.quote(FUNCTION_CLASS) + "\\S*)").matcher(template);
        if (!handler.find()) {
            throw new IllegalStateException("template.yaml names no Handler " + FUNCTION_CLASS + "[::method]");
        }
        return handler.group(1).contains("::");
    }

    /**
     * Starts the function as built, with template.yaml's handler string.
     * When that does not scale the group, tries what would repair it, reports each failure as a defect, and
     * returns the first setup that works so the numbers still describe the function once fixed.
     *
     * <p>Two things have to hold for a Micronaut handler under Lambda's runtime interface client: the RIC must
     * see the real input type (with {@code ::handleRequest} it reads the generic parameter of the inherited,
     * final {@code MicronautRequestHandler.handleRequest(I, Context)}, i.e. the type variable I; with the class
     * alone it resolves RequestHandler's type arguments, i.e. JsonNode), and it must find Micronaut's
     * CustomPojoSerializer through ServiceLoader (its own Jackson cannot build Micronaut's JsonNode). The RIC's
     * customer class loader reads the task root itself, so a services file there stands in for one in the jar.
     */
    private Setup workingSetup(ColdStart coldStart, Account account, AwsCallRecorder recorder, Path functionRoot,
                               Path functionJar, byte[] alarmEvent, Path work, List<String> defects,
                               boolean templateNamesMethod)
            throws IOException, InterruptedException {
        boolean registered = serializerRegistered(functionJar);
        // First as built: the jar as Maven made it, started with template.yaml's own handler string.
        Setup asBuilt = new Setup(templateNamesMethod, false);
        List<Setup> candidates = new ArrayList<>(List.of(asBuilt, new Setup(!templateNamesMethod, false)));
        if (!registered) {
            candidates.add(new Setup(false, true));
            candidates.add(new Setup(true, true));
        }
        Path services = functionRoot.resolve("META-INF/services");
        List<String> failures = new ArrayList<>();
        for (Setup candidate : candidates) {
            if (candidate.addSerializer()) {
                Files.createDirectories(services);
                Files.writeString(services.resolve(SERIALIZER_SERVICE), MICRONAUT_SERIALIZER + "\n");
            } else {
                Files.deleteIfExists(services.resolve(SERIALIZER_SERVICE));
            }
            account.fresh();
            ColdStart.Subject subject = new ColdStart.Subject(FUNCTION, candidate.handlerString(FUNCTION_CLASS), functionJar, functionRoot);
            Path log = work.resolve("logs/setup-" + (candidate.withMethod() ? "method" : "class")
                    + (candidate.addSerializer() ? "-serializer" : "") + ".log");
            recorder.takeCalls();
            ColdStart.Run run = coldStart.run(subject, alarmEvent, LAMBDA_FLAGS, null, log, recorder.endpoint());
            if (acted(run, account)) {
                if (!candidate.equals(asBuilt)) {
                    defects.add("Under Lambda's runtime interface client the function as built does not act on "
                            + "cpu-high-alarm.json: " + String.join("; ", failures) + ". It works with handler '"
                            + candidate.handlerString(FUNCTION_CLASS) + "'"
                            + (candidate.addSerializer() ? " plus META-INF/services/" + SERIALIZER_SERVICE + " containing "
                            + MICRONAUT_SERIALIZER + " (missing from scaling-tuner.jar)" : "")
                            + ": with '::handleRequest' the RIC takes the input type from the inherited generic method"
                            + " MicronautRequestHandler.handleRequest(I, Context), i.e. the type variable I");
                    progress.println("bench: DEFECT " + defects.get(defects.size() - 1));
                }
                return candidate;
            }
            failures.add("handler '" + candidate.handlerString(FUNCTION_CLASS) + "'"
                    + (candidate.addSerializer() ? " with the serializer registered" : registered ? "" : " without a serializer registration")
                    + " answers " + abbreviate(run.body()));
            progress.println("bench: setup attempt failed: " + failures.get(failures.size() - 1));
        }
        throw new IllegalStateException("ScalingTunerFunction does not scale the group through the runtime interface client"
                + " in any setup tried: " + String.join("; ", failures) + " (logs in " + work.resolve("logs") + ")");
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

    /** A task root as Lambda unpacks a Java deployment package: the jar in lib/ (see functions/*\/Makefile). */
    private static Path taskRoot(Path work, String name, Path jar) throws IOException {
        Path taskRoot = work.resolve("task").resolve(name);
        if (Files.exists(taskRoot)) {
            try (Stream<Path> old = Files.walk(taskRoot)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path lib = Files.createDirectories(taskRoot.resolve("lib"));
        Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return taskRoot;
    }

    private static boolean serializerRegistered(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("META-INF/services/" + SERIALIZER_SERVICE) != null;
        }
    }

    /** events/scaling-tuner/cpu-high-alarm.json, or the jar's priming sample renamed to the managed alarm. */
    private byte[] alarmEvent(Path root, Path functionJar) throws IOException {
        Path sample = root.resolve("events/scaling-tuner/cpu-high-alarm.json");
        if (Files.exists(sample)) {
            return Files.readAllBytes(sample);
        }
        progress.println("bench: " + sample + " is missing; using the priming sample from the jar as Buddy-CPU-High");
        try (ZipFile zip = new ZipFile(functionJar.toFile()); InputStream in = zip.getInputStream(zip.getEntry("priming/cpu-high-alarm.json"))) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"alarmName\": \"priming\"", "\"alarmName\": \"Buddy-CPU-High\"")
                    .replace("\"priming-group\"", "\"" + Account.GROUP + "\"");
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The OK event for an alarm no function manages: decoded, then skipped before any AWS call. */
    private static Path unmanagedAlarmEvent(Path okEvent, Path work) throws IOException {
        Path derived = work.resolve("unmanaged-alarm-ok.json");
        String json = Files.readString(okEvent).replaceFirst("\"alarmName\"\\s*:\\s*\"[^\"]*\"",
                "\"alarmName\": \"Buddy-Bench-Unmanaged\"");
        Files.writeString(derived, json);
        return derived;
    }

    /** events/scaling-tuner/cpu-high-ok.json, or the alarm event turned to OK. */
    private Path okEvent(Path root, Path work, byte[] alarmEvent) throws IOException {
        Path sample = root.resolve("events/scaling-tuner/cpu-high-ok.json");
        if (Files.exists(sample)) {
            return sample;
        }
        Path derived = work.resolve("cpu-high-ok.json");
        String json = new String(alarmEvent, StandardCharsets.UTF_8)
                .replaceFirst("\"state\"\\s*:\\s*\\{\\s*\"value\"\\s*:\\s*\"ALARM\"", "\"state\": {\"value\": \"OK\"");
        Files.writeString(derived, json);
        progress.println("bench: " + sample + " is missing; using " + derived);
        return derived;
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static <V extends Comparable<V>> Map<String, V> sortedDesc(Map<String, V> map) {
        Map<String, V> sorted = new LinkedHashMap<>();
        map.entrySet().stream()
                .sorted(Map.Entry.<String, V>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
