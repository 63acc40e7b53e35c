package link.buddyverse.ops.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The per-function table on stdout, or the same as one JSON object ({@code --json}). */
final class Report {

    static final double COLD_TARGET = 1.15;
    static final double WARM_TARGET = 1.05;
    static final double JAR_TARGET = 1.3;

    private final Options options;
    private final List<FunctionResult> results;
    /** template.yaml functions the bench did not measure, with why. */
    private final Map<String, String> notMeasured;
    private final Map<String, String> load;
    private final String root;

    Report(Options options, List<FunctionResult> results, Map<String, String> notMeasured, Map<String, String> load, String root) {
        this.options = options;
        this.results = results;
        this.notMeasured = notMeasured;
        this.load = load;
        this.root = root;
    }

    // ---------------------------------------------------------------- JSON

    Map<String, Object> json() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("root", root);
        report.put("runs", options.runs());
        report.put("warmInvocations", options.warmInvocations() + 10);
        report.put("targets", ordered("coldStartRatio", COLD_TARGET, "warmDriftRatio", WARM_TARGET, "jarRatio", JAR_TARGET));
        report.put("load", load);
        Map<String, Object> functions = new LinkedHashMap<>();
        for (FunctionResult r : results) {
            functions.put(r.name(), function(r));
        }
        report.put("functions", functions);
        report.put("notMeasured", notMeasured);
        return report;
    }

    private Map<String, Object> function(FunctionResult r) {
        int n = options.warmInvocations();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("measured", r.error == null);
        if (r.error != null) {
            f.put("error", r.error);
        }
        f.put("handler", r.handler != null ? r.handler : r.template.handler());
        f.put("jar", r.jar);
        f.put("plainHandler", r.spec.plainClass());
        f.put("plainJar", "bench/target/" + r.spec.plainJar());
        f.put("coldStartRatio", r.coldRatio("lambda"));
        f.put("warmDriftRatio", r.warmRatio(n));
        f.put("jarRatio", r.jarRatio());
        f.put("coldStartMs", ordered(FunctionResult.FUNCTION, r.samples("lambda", FunctionResult.FUNCTION).medianMs(),
                FunctionResult.PLAIN, r.samples("lambda", FunctionResult.PLAIN).medianMs()));
        f.put("jarBytes", ordered(FunctionResult.FUNCTION, r.functionJar == null ? null : r.functionJar.bytes(),
                FunctionResult.PLAIN, r.plainJar == null ? null : r.plainJar.bytes()));
        f.put("met", ordered("coldStartRatio", r.coldRatio("lambda") <= COLD_TARGET,
                "warmDriftRatio", r.warmRatio(n) <= WARM_TARGET, "jarRatio", r.jarRatio() <= JAR_TARGET));

        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("measure", "ms from spawning java (RIC main, Lambda env) to the response POST; init = to the first GET /next");
        cold.put("effect", r.spec.effectName());
        for (String flags : FunctionResult.FLAG_SETS) {
            Map<String, Object> byFlags = new LinkedHashMap<>();
            byFlags.put("jvmFlags", flags.equals("lambda") ? FunctionBench.LAMBDA_FLAGS : List.of());
            for (String subject : List.of(FunctionResult.FUNCTION, FunctionResult.PLAIN)) {
                FunctionResult.ColdSamples s = r.samples(flags, subject);
                byFlags.put(subject, ordered("medianMs", s.medianMs(), "initMedianMs", Stats.median(s.init),
                        "firstInvokeMedianMs", Stats.median(s.invoke), "counted", s.counted, "attempted", s.attempted,
                        "samplesMs", s.total, "initSamplesMs", s.init, "firstInvokeSamplesMs", s.invoke));
            }
            byFlags.put("ratio", r.coldRatio(flags));
            byFlags.put("pairedRatioMedian", r.pairedRatio(flags));
            byFlags.put("bestOfRatio", r.bestRatio(flags));
            cold.put(flags.equals("lambda") ? "lambdaFlags" : "jvmDefaults", byFlags);
        }
        f.put("coldStart", cold);

        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("invocations", n + 10);
        warm.put("jvmFlags", FunctionBench.LAMBDA_FLAGS);
        warm.put("windows", ordered("early", "91-110", "steady", "991-1010", "late", (n - 9) + "-" + (n + 10)));
        warm.put("withFix", warmCell(r.warm, n));
        warm.put("withoutFix", warmCell(r.warmWithoutFix, n));
        warm.put("event", r.warmEventNote);
        warm.put("awsCallsDuringWarmRuns", r.warmAwsCalls);
        f.put("warm", warm);

        Map<String, Object> classes = new LinkedHashMap<>();
        Map<String, Object> byPackage = new LinkedHashMap<>();
        r.classLoads.forEach((subject, loads) -> {
            classes.put(subject, loads.total());
            byPackage.put(subject, sortedDesc(loads.byPackage()));
        });
        f.put("classesLoaded", classes);
        f.put("classesLoadedByPackage", byPackage);
        if (r.functionJar != null && r.plainJar != null) {
            f.put("jarClasses", ordered(FunctionResult.FUNCTION, r.functionJar.classes(), FunctionResult.PLAIN, r.plainJar.classes()));
            f.put("jarCompressedBytesByPackage", ordered(FunctionResult.FUNCTION, sortedDesc(r.functionJar.compressedByPackage()),
                    FunctionResult.PLAIN, sortedDesc(r.plainJar.compressedByPackage())));
        }
        f.put("awsCalls", ordered(FunctionResult.FUNCTION, r.awsCalls.get(FunctionResult.FUNCTION),
                FunctionResult.PLAIN, r.awsCalls.get(FunctionResult.PLAIN), "same", r.sameAwsCalls()));
        f.put("slackCalls", ordered(FunctionResult.FUNCTION, r.slackCalls.get(FunctionResult.FUNCTION),
                FunctionResult.PLAIN, r.slackCalls.get(FunctionResult.PLAIN)));
        f.put("functionSetup", ordered("handler", r.handler, "serializerRegistrationAddedByBench", r.serializerAdded,
                "asBuilt", r.defects.stream().noneMatch(d -> d.startsWith("Under Lambda's runtime"))));
        f.put("defects", r.defects);
        return f;
    }

    private static Map<String, Object> warmCell(WarmDrift.Series series, int n) {
        if (series == null) {
            return null;
        }
        double steady = Stats.windowMedianMs(series.nanos(), 991, 1010);
        int[] late = series.lateWindow(n);
        return ordered("earlyMedianMs", Stats.windowMedianMs(series.nanos(), 91, 110), "steadyMedianMs", steady,
                "invocationsRun", series.nanos().length, "lateWindow", late[0] + "-" + late[1],
                "lateMedianMs", series.lateMedianMs(n), "ratio", series.driftRatio(n),
                "lateOverSteady", Stats.ratio(series.lateMedianMs(n), steady));
    }

    // ---------------------------------------------------------------- table

    void print(PrintStream out) {
        int n = options.warmInvocations();
        out.printf(Locale.ROOT, "buddyverse-ops bench: every function of template.yaml against a plain handler making the same calls%n");
        out.printf(Locale.ROOT, "  cold start = spawn java -> response POST through Lambda's runtime interface client, java21 flags,"
                + " median of %d run%s%n", options.runs(), options.runs() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  warm drift = median latency of invocations #%,d-%,d over #91-110, one JVM%n", n - 9, n + 10);
        out.printf(Locale.ROOT, "  load: %s%n%n", load.getOrDefault("start", "?") + " at the start, " + load.getOrDefault("end", "?") + " at the end");
        out.printf(Locale.ROOT, "%-26s | %9s %9s %6s %-7s | %6s %-7s | %12s %12s %6s %-7s%n", "function", "cold: fn", "plain",
                "ratio", "<=" + COLD_TARGET, "warm", "<=" + WARM_TARGET, "jar: fn", "plain", "ratio", "<=" + JAR_TARGET);
        out.println("-".repeat(26) + "-+-" + "-".repeat(34) + "-+-" + "-".repeat(14) + "-+-" + "-".repeat(41));
        for (FunctionResult r : results) {
            if (r.error != null) {
                out.printf(Locale.ROOT, "%-26s | NOT MEASURED: %s%n", r.name(), FunctionBench.abbreviate(r.error));
                continue;
            }
            double cold = r.coldRatio("lambda");
            double warm = r.warmRatio(n);
            double jar = r.jarRatio();
            out.printf(Locale.ROOT, "%-26s | %9s %9s %5.2fx %-7s | %5.2fx %-7s | %12s %12s %5.2fx %-7s%n", r.name(),
                    ms(r.samples("lambda", FunctionResult.FUNCTION).medianMs()), ms(r.samples("lambda", FunctionResult.PLAIN).medianMs()),
                    cold, verdict(cold, COLD_TARGET), warm, verdict(warm, WARM_TARGET),
                    String.format(Locale.ROOT, "%,d", r.functionJar.bytes()), String.format(Locale.ROOT, "%,d", r.plainJar.bytes()),
                    jar, verdict(jar, JAR_TARGET));
        }
        notMeasured.forEach((name, why) -> out.printf(Locale.ROOT, "%-26s | NOT MEASURED: %s%n", name, why));
        for (FunctionResult r : results) {
            if (r.error == null) {
                out.println();
                details(out, r, n);
            }
        }
    }

    private void details(PrintStream out, FunctionResult r, int n) {
        out.printf(Locale.ROOT, "%s: %s (handler %s) vs %s (bench/target/%s)%n", r.name(), r.jar, r.handler, r.plainName(),
                r.spec.plainJar());
        for (String flags : FunctionResult.FLAG_SETS) {
            out.printf(Locale.ROOT, "  cold, %-13s function %-28s plain %-28s ratio %.2fx, paired %.2fx, best %.2fx%n",
                    flags.equals("lambda") ? "java21 flags:" : "JVM defaults:", cell(r.samples(flags, FunctionResult.FUNCTION)),
                    cell(r.samples(flags, FunctionResult.PLAIN)), r.coldRatio(flags), r.pairedRatio(flags), r.bestRatio(flags));
        }
        out.printf(Locale.ROOT, "  (cold = init + first invoke, medians; a run counted only if it %s)%n", r.spec.effectName());
        double ratio = r.coldRatio("lambda");
        double paired = r.pairedRatio("lambda");
        if (Math.abs(ratio - paired) > 0.1 * paired) {
            out.printf(Locale.ROOT, "  the ratio and the paired ratio disagree by more than 10%%: the machine was busy; run it again%n");
        }
        for (WarmDrift.Series series : new WarmDrift.Series[] {r.warm, r.warmWithoutFix}) {
            if (series == null) {
                continue;
            }
            double steady = Stats.windowMedianMs(series.nanos(), 991, 1010);
            int[] window = series.lateWindow(n);
            out.printf(Locale.ROOT, "  warm%s: #91-110 %.1f us, #991-1010 %.1f us, #%,d-%,d %.1f us: drift %.2fx (late/steady %.2fx)%s%n",
                    series == r.warm ? "" : " without the fix", 1000 * Stats.windowMedianMs(series.nanos(), 91, 110), 1000 * steady,
                    window[0], window[1], 1000 * series.lateMedianMs(n), series.driftRatio(n), Stats.ratio(series.lateMedianMs(n), steady),
                    series.nanos().length < n + 10 ? " (stopped at its " + FunctionBench.WARM_BUDGET_SECONDS + " s budget)" : "");
        }
        out.printf(Locale.ROOT, "  warm event: %s; AWS calls during the warm runs: %d%n", r.warmEventNote, r.warmAwsCalls);
        ClassLoads fLoads = r.classLoads.get(FunctionResult.FUNCTION);
        ClassLoads pLoads = r.classLoads.get(FunctionResult.PLAIN);
        out.printf(Locale.ROOT, "  classes: %,d in the jar (plain %,d); %,d loaded up to the first answer (plain %,d). Most extra:",
                r.functionJar.classes(), r.plainJar.classes(), fLoads.total(), pLoads.total());
        Set<String> buckets = new HashSet<>(fLoads.byPackage().keySet());
        buckets.addAll(pLoads.byPackage().keySet());
        buckets.stream()
                .sorted(Comparator.comparingInt((String b) -> fLoads.byPackage().getOrDefault(b, 0) - pLoads.byPackage().getOrDefault(b, 0))
                        .reversed().thenComparing(b -> b))
                .limit(5)
                .forEach(b -> out.printf(Locale.ROOT, " %s %+d;", b, fLoads.byPackage().getOrDefault(b, 0) - pLoads.byPackage().getOrDefault(b, 0)));
        out.println();
        out.print("  jar, compressed bytes by package (top 5):");
        sortedDesc(r.functionJar.compressedByPackage()).entrySet().stream().limit(5).forEach(e ->
                out.printf(Locale.ROOT, " %s %,d;", e.getKey(), e.getValue()));
        out.println();
        out.printf(Locale.ROOT, "  AWS calls: %s%s%n", String.join(", ", r.awsCalls.get(FunctionResult.FUNCTION)),
                r.slackCalls.get(FunctionResult.FUNCTION).isEmpty() ? "" : "; Slack: " + String.join(", ", r.slackCalls.get(FunctionResult.FUNCTION)));
        out.printf(Locale.ROOT, "  %s: %s%n", r.plainName(), r.sameAwsCalls()
                && r.slackCalls.get(FunctionResult.FUNCTION).equals(r.slackCalls.get(FunctionResult.PLAIN)) ? "the same calls"
                : String.join(", ", r.awsCalls.get(FunctionResult.PLAIN)) + "; Slack: " + r.slackCalls.get(FunctionResult.PLAIN)
                + "  <-- DIFFERENT");
        for (String defect : r.defects) {
            out.println("  DEFECT: " + defect);
        }
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    private static String cell(FunctionResult.ColdSamples s) {
        if (s.total.isEmpty()) {
            return "no run counted";
        }
        return String.format(Locale.ROOT, "%,.0f ms (%,.0f + %,.0f)%s", s.medianMs(), Stats.median(s.init),
                Stats.median(s.invoke), s.counted < s.attempted ? " " + s.counted + "/" + s.attempted + " counted" : "");
    }

    private static String verdict(double ratio, double target) {
        return Double.isNaN(ratio) ? "n/a" : (ratio <= target ? "ok" : "MISSED");
    }

    static Map<String, Object> ordered(Object... keyValues) {
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
}
