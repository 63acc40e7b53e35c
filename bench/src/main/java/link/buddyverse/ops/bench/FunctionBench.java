package link.buddyverse.ops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import link.buddyverse.ops.sam.FunctionSpec;

/**
 * Measures one function against its plain handler: set-up runs (whose calls, as the gateway records them, also
 * show that both make the same AWS calls), interleaved cold starts under both JVM flag sets, classes loaded, and
 * the warm container. Every run starts from a fresh stage and counts only if its entry's effect is seen.
 */
final class FunctionBench {

    /** The java21 runtime's JVM options (AWS: tiered compilation stops at C1 on java17/21; serial GC; CDS). */
    static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    /**
     * Without the fix every call is slower than the last (2 minutes for 10,010 calls on a 2-core machine), so
     * each warm JVM is capped.
     */
    static final int WARM_BUDGET_SECONDS = 90;
    static final String SERIALIZER_SERVICE = "com.amazonaws.services.lambda.runtime.CustomPojoSerializer";
    static final String MICRONAUT_SERIALIZER = "io.micronaut.function.aws.JsonMapperCustomPojoSerializer";

    /** What every function's run shares: where things are, the stage, the runners. */
    record Bench(Path root, Path benchHome, Path work, String java, Path benchJar, Stage stage, ColdStart coldStart,
                 Options options, PrintStream progress) {
    }

    private final Bench bench;
    private final FunctionEntry spec;
    private final FunctionResult result;
    private final PrintStream progress;
    /**
     * The environment every subject of this function runs with: one map, shared by reference, filled again after each
     * set-up, because some of template.yaml's values are ids AWS assigns when the core stack is created (the file
     * system, the private zone) and the stage creates those afresh for every run.
     */
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();

    FunctionBench(Bench bench, FunctionEntry spec, FunctionSpec template) {
        this.bench = bench;
        this.spec = spec;
        this.result = new FunctionResult(spec, template);
        this.progress = bench.progress();
    }

    /** Runs everything; a function that cannot be measured comes back with its {@code error} set. */
    FunctionResult run() {
        try {
            measure();
        } catch (Exception e) {
            result.error = e.getMessage();
            progress.println("bench: " + spec.name() + " NOT MEASURED: " + e.getMessage());
        }
        return result;
    }

    private void measure() throws IOException, InterruptedException {
        FunctionSpec template = result.template;
        Path builtJar = deploymentJar(template);
        Path builtPlain = bench.benchHome().resolve(spec.plainJar());
        for (Path required : List.of(builtJar, builtPlain)) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " is missing; " + BenchMain.BUILD_HINT);
            }
        }
        Path work = bench.work();
        Path logs = work.resolve("logs");
        Path functionJar = snapshot(work, builtJar);
        Path plainJar = snapshot(work, builtPlain);
        result.jar = bench.root().relativize(builtJar).toString();
        result.functionJar = JarComposition.of(functionJar);
        result.plainJar = JarComposition.of(plainJar);
        progress.printf("bench: %s: %s is %,d bytes, %s %,d bytes%n", spec.name(), functionJar.getFileName(),
                result.functionJar.bytes(), plainJar.getFileName(), result.plainJar.bytes());

        byte[] event = Files.readAllBytes(bench.root().resolve(spec.coldEvent()));
        Stage stage = bench.stage();
        environment.putAll(spec.environment(template, stage));
        Path functionRoot = taskRoot(work, spec.name(), functionJar);
        Path plainRoot = taskRoot(work, spec.name() + "-plain", plainJar);
        ColdStart coldStart = bench.coldStart();

        Setup setup = workingSetup(template, functionRoot, functionJar, event, environment, logs);
        result.handler = setup.handlerString(template.handlerClass());
        result.serializerAdded = setup.addSerializer();
        ColdStart.Subject function = new ColdStart.Subject(spec.name(), result.handler, functionJar, functionRoot, environment);
        // The plain handler takes the same form of handler string: the RIC loads class-only and Class::method
        // handlers along different paths, and both subjects should take the same one.
        ColdStart.Subject plain = new ColdStart.Subject(result.plainName(), setup.handlerString(spec.plainClass()),
                plainJar, plainRoot, environment);

        // One untimed start of the plain handler too (the function had its own above): fails fast and puts both
        // jars in the page cache. The gateway recorded both runs' calls: the plain handler must make the same ones.
        fresh();
        Path warmupLog = logs.resolve(spec.name() + "-setup-plain.log");
        ColdStart.Run warmup = coldStart.run(plain, bench.stage().rewrite(event), LAMBDA_FLAGS, null, warmupLog);
        result.awsCalls.put(FunctionResult.PLAIN, stage.calls(logs.resolve(spec.name() + "-aws-calls-plain.txt")));
        result.slackCalls.put(FunctionResult.PLAIN, stage.slackCalls());
        if (!spec.effect().seen(warmup, stage)) {
            throw new IllegalStateException(plain.name() + " showed no effect through the runtime interface client"
                    + " (expected: " + spec.effectName() + "): " + abbreviate(warmup.body()) + "\n--- " + warmupLog + " (tail) ---\n" + WarmDrift.tail(warmupLog));
        }
        progress.printf("bench: %s AWS calls: %s%n", spec.name(), String.join(", ", result.awsCalls.get(FunctionResult.FUNCTION)));
        progress.printf("bench: %s AWS calls: %s%n", plain.name(), String.join(", ", result.awsCalls.get(FunctionResult.PLAIN)));
        if (!result.sameAwsCalls() || !result.slackCalls.get(FunctionResult.FUNCTION).equals(result.slackCalls.get(FunctionResult.PLAIN))) {
            result.defects.add(plain.name() + " no longer makes the calls " + spec.name() + " makes (function: "
                    + result.awsCalls.get(FunctionResult.FUNCTION) + " " + result.slackCalls.get(FunctionResult.FUNCTION)
                    + "; plain: " + result.awsCalls.get(FunctionResult.PLAIN) + " " + result.slackCalls.get(FunctionResult.PLAIN)
                    + "): bring bench/.../plain/" + plain.name() + " in line (the requests are in " + logs
                    + "), or the cold-start ratio compares different work");
            progress.println("bench: WARNING " + result.defects.get(result.defects.size() - 1));
        }

        // The warm path is meant to be the function's own per-invocation cost, with no AWS call in it.
        Path warmEvent = work.resolve(spec.name() + "-warm-event.json");
        Files.writeString(warmEvent, spec.warmEvent().apply(new String(event, StandardCharsets.UTF_8)));
        fresh();
        ColdStart.Run warmCheck = coldStart.run(function, Files.readAllBytes(warmEvent), LAMBDA_FLAGS, null,
                logs.resolve(spec.name() + "-warm-event.log"));
        List<String> warmEventCalls = stage.calls();
        String warmJson = Files.readString(warmEvent);
        result.warmEventNote = spec.coldEvent().substring(spec.coldEvent().lastIndexOf('/') + 1)
                + (warmJson.contains(FunctionEntry.UNFOLLOWED_GROUP) ? " for a group no function follows ("
                        : " for an alarm no function follows, in OK (")
                + abbreviate(statusOf(warmCheck.body())) + ", "
                + (warmEventCalls.isEmpty() ? "no AWS call" : "AWS calls: " + String.join(", ", warmEventCalls)) + ")";
        if (!warmEventCalls.isEmpty()) {
            progress.println("bench: WARNING " + spec.name() + "'s warm event makes AWS calls: the warm runs measure moto too");
        }

        coldStarts(function, plain, event, logs);
        classLoads(function, plain, event, logs);
        warm(function, warmEvent, logs);
    }

    private void coldStarts(ColdStart.Subject function, ColdStart.Subject plain, byte[] event, Path logs)
            throws IOException, InterruptedException {
        record Cell(ColdStart.Subject subject, String key, String flagsName, List<String> flags) {
        }
        List<Cell> cells = List.of(
                new Cell(function, FunctionResult.FUNCTION, "lambda", LAMBDA_FLAGS),
                new Cell(plain, FunctionResult.PLAIN, "lambda", LAMBDA_FLAGS),
                new Cell(function, FunctionResult.FUNCTION, "defaults", List.of()),
                new Cell(plain, FunctionResult.PLAIN, "defaults", List.of()));
        int runs = bench.options().runs();
        int total = runs * cells.size();
        int done = 0;
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < cells.size(); k++) {
                // Rotated each round: no subject always runs first, right after a reset.
                Cell cell = cells.get((round + k) % cells.size());
                fresh();
                Path log = logs.resolve("cold-" + cell.subject().name() + "-" + cell.flagsName() + ".log");
                ColdStart.Run run = bench.coldStart().run(cell.subject(), bench.stage().rewrite(event), cell.flags(), null, log);
                FunctionResult.ColdSamples s = result.samples(cell.flagsName(), cell.key());
                s.attempted++;
                done++;
                if (spec.effect().seen(run, bench.stage())) {
                    s.counted++;
                    s.total.add(run.totalMs());
                    s.totalByRound.put(round, run.totalMs());
                    s.init.add(run.initMs());
                    s.invoke.add(run.invokeMs());
                    progress.printf("bench: cold start %d/%d %-26s (%s flags) %,6.0f ms (init %,.0f + invoke %,.0f)%n",
                            done, total, cell.subject().name(), cell.flagsName(), run.totalMs(), run.initMs(), run.invokeMs());
                } else {
                    progress.printf("bench: cold start %d/%d %s (%s flags) NOT COUNTED, expected: %s; answer: %s (log %s)%n", done, total,
                            cell.subject().name(), cell.flagsName(), spec.effectName(), abbreviate(run.body()), log);
                }
            }
        }
    }

    private void classLoads(ColdStart.Subject function, ColdStart.Subject plain, byte[] event, Path logs)
            throws IOException, InterruptedException {
        for (ColdStart.Subject subject : List.of(function, plain)) {
            fresh();
            Path classLog = logs.resolve("classes-" + subject.name() + ".log");
            Files.deleteIfExists(classLog);
            ColdStart.Run run = bench.coldStart().run(subject, bench.stage().rewrite(event), LAMBDA_FLAGS, classLog,
                    logs.resolve("classes-run-" + subject.name() + ".log"));
            ClassLoads loads = ClassLoads.read(classLog);
            result.classLoads.put(subject == function ? FunctionResult.FUNCTION : FunctionResult.PLAIN, loads);
            progress.printf("bench: %s loaded %,d classes up to its first answer (%s)%n", subject.name(), loads.total(),
                    spec.effect().seen(run, bench.stage()) ? spec.effectName() : "no effect: " + abbreviate(run.body()));
        }
    }

    private void warm(ColdStart.Subject function, Path warmEvent, Path logs) throws IOException, InterruptedException {
        Map<String, String> warmEnv = new LinkedHashMap<>(bench.coldStart().lambdaEnvironment(function));
        WarmDrift warm = new WarmDrift(bench.java(), result.template.handlerClass(), LAMBDA_FLAGS, function.jar(),
                bench.benchJar(), warmEnv);
        int invocations = bench.options().warmInvocations() + 10;
        fresh();
        progress.printf("bench: %s warm drift, %,d invocations in one JVM%n", spec.name(), invocations);
        result.warm = warm.run("fixed", invocations, warmEvent, logs.resolve("warm-" + spec.name() + ".log"),
                WARM_BUDGET_SECONDS);
        if (bench.options().withoutFix()) {
            progress.printf("bench: %s warm drift without the fix (Context registered as a singleton per call)%n", spec.name());
            result.warmWithoutFix = warm.run("without-fix", invocations, warmEvent,
                    logs.resolve("warm-" + spec.name() + "-without-fix.log"), WARM_BUDGET_SECONDS);
        }
        result.warmAwsCalls = bench.stage().calls().size();
        if (result.warmAwsCalls > 0) {
            progress.printf("bench: WARNING %s's warm runs made %,d AWS calls: they measure moto too%n", spec.name(),
                    result.warmAwsCalls);
        }
    }

    /** A fresh stage with the entry's set-up; the set-up's own calls are forgotten, so what follows is the handler's. */
    private void fresh() throws IOException {
        bench.stage().fresh();
        spec.prepare().on(bench.stage());
        environment.putAll(spec.environment(result.template, bench.stage()));
        bench.stage().forgetCalls();
    }

    // ---------------------------------------------------------------- setup

    /**
     * How the function was started: the documented handler string ({@code Class::handleRequest}) or the class
     * alone, with or without a CustomPojoSerializer registration the bench adds to the task root.
     */
    record Setup(boolean withMethod, boolean addSerializer) {
        String handlerString(String className) {
            return withMethod ? className + "::handleRequest" : className;
        }
    }

    /**
     * Starts the function as built, with template.yaml's handler string. When that does not have the entry's
     * effect, tries what would repair it, reports each failure as a defect, and returns the first setup that
     * works so the numbers still describe the function once fixed.
     *
     * <p>Two things have to hold for a Micronaut handler under Lambda's runtime interface client: the RIC must
     * see the real input type (with {@code ::handleRequest} it reads the generic parameter of the inherited,
     * final {@code MicronautRequestHandler.handleRequest(I, Context)}, i.e. the type variable I; with the class
     * alone it resolves RequestHandler's type arguments), and it must find Micronaut's CustomPojoSerializer
     * through ServiceLoader. The RIC's customer class loader reads the task root itself, so a services file
     * there stands in for one in the jar.
     */
    private Setup workingSetup(FunctionSpec template, Path functionRoot, Path functionJar, byte[] event,
                               Map<String, String> environment, Path logs) throws IOException, InterruptedException {
        boolean registered = serializerRegistered(functionJar);
        Setup asBuilt = new Setup(template.handlerNamesMethod(), false);
        List<Setup> candidates = new ArrayList<>(List.of(asBuilt, new Setup(!template.handlerNamesMethod(), false)));
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
            fresh();
            String handler = candidate.handlerString(template.handlerClass());
            ColdStart.Subject subject = new ColdStart.Subject(spec.name(), handler, functionJar, functionRoot, environment);
            Path log = logs.resolve(spec.name() + "-setup-" + (candidate.withMethod() ? "method" : "class")
                    + (candidate.addSerializer() ? "-serializer" : "") + ".log");
            ColdStart.Run run = bench.coldStart().run(subject, bench.stage().rewrite(event), LAMBDA_FLAGS, null, log);
            List<String> calls = bench.stage().calls(logs.resolve(spec.name() + "-aws-calls-function.txt"));
            if (spec.effect().seen(run, bench.stage())) {
                result.awsCalls.put(FunctionResult.FUNCTION, calls);
                result.slackCalls.put(FunctionResult.FUNCTION, bench.stage().slackCalls());
                if (!candidate.equals(asBuilt)) {
                    result.defects.add("Under Lambda's runtime interface client " + spec.name() + " as built shows no effect"
                            + " (expected: " + spec.effectName() + "): " + String.join("; ", failures) + ". It works with handler '" + handler + "'"
                            + (candidate.addSerializer() ? " plus META-INF/services/" + SERIALIZER_SERVICE + " containing "
                            + MICRONAUT_SERIALIZER + " (missing from the jar)" : ""));
                    progress.println("bench: DEFECT " + result.defects.get(result.defects.size() - 1));
                }
                return candidate;
            }
            failures.add("handler '" + handler + "'"
                    + (candidate.addSerializer() ? " with the serializer registered" : registered ? "" : " without a serializer registration")
                    + " answers " + abbreviate(run.body()));
            progress.println("bench: " + spec.name() + " setup attempt failed: " + failures.get(failures.size() - 1));
        }
        throw new IllegalStateException(spec.name() + " shows no effect (expected: " + spec.effectName() + ") through the"
                + " runtime interface client in any setup tried: " + String.join("; ", failures) + " (logs in " + logs + ")");
    }

    // ---------------------------------------------------------------- helpers

    /** The function module's deployment jar: {@code <CodeUri>/target/<last segment of CodeUri>.jar}. */
    static Path deploymentJar(FunctionSpec function) {
        return function.codeUri().resolve("target").resolve(function.codeUri().getFileName() + ".jar");
    }

    /** A private copy of a jar, taken once per run, so a rebuild during the run cannot change what is measured. */
    static Path snapshot(Path work, Path jar) throws IOException {
        Path copy = Files.createDirectories(work.resolve("snapshot")).resolve(jar.getFileName());
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
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

    private static String statusOf(String body) {
        java.util.regex.Matcher status = java.util.regex.Pattern.compile("\"status\"\\s*:\\s*\"([^\"]*)\"").matcher(body == null ? "" : body);
        return status.find() ? "answers " + status.group(1) : "answers " + body;
    }

    static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
