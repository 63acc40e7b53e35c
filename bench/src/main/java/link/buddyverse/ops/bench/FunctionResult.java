package link.buddyverse.ops.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.sam.FunctionSpec;

/** Everything measured for one function and its plain handler; filled in by {@link FunctionBench}. */
final class FunctionResult {

    /** The cold starts of one subject under one set of JVM flags. */
    static final class ColdSamples {
        final Map<Integer, Double> totalByRound = new LinkedHashMap<>();
        final List<Double> total = new ArrayList<>();
        final List<Double> init = new ArrayList<>();
        final List<Double> invoke = new ArrayList<>();
        int counted;
        int attempted;

        double medianMs() {
            return Stats.median(total);
        }
    }

    static final String FUNCTION = "function";
    static final String PLAIN = "plain";
    static final List<String> FLAG_SETS = List.of("lambda", "defaults");

    final FunctionEntry spec;
    /** The function as template.yaml declares it (handler, CodeUri, environment), resolved as sam local does. */
    final FunctionSpec template;
    String error;
    String handler;
    boolean serializerAdded;
    String jar;
    JarComposition functionJar;
    JarComposition plainJar;
    /** flags name -> subject (FUNCTION, PLAIN) -> samples. */
    final Map<String, Map<String, ColdSamples>> cold = new LinkedHashMap<>();
    final Map<String, ClassLoads> classLoads = new LinkedHashMap<>();
    final Map<String, List<String>> awsCalls = new LinkedHashMap<>();
    final Map<String, List<String>> slackCalls = new LinkedHashMap<>();
    WarmDrift.Series warm;
    WarmDrift.Series warmWithoutFix;
    String warmEventNote;
    int warmAwsCalls;
    final List<String> defects = new ArrayList<>();

    FunctionResult(FunctionEntry spec, FunctionSpec template) {
        this.spec = spec;
        this.template = template;
        for (String flags : FLAG_SETS) {
            Map<String, ColdSamples> bySubject = new LinkedHashMap<>();
            bySubject.put(FUNCTION, new ColdSamples());
            bySubject.put(PLAIN, new ColdSamples());
            cold.put(flags, bySubject);
        }
    }

    String name() {
        return spec.name();
    }

    String plainName() {
        return spec.plainClass().substring(spec.plainClass().lastIndexOf('.') + 1);
    }

    ColdSamples samples(String flags, String subject) {
        return cold.get(flags).get(subject);
    }

    /** Median over median, function over plain. */
    double coldRatio(String flags) {
        return Stats.ratio(samples(flags, FUNCTION).medianMs(), samples(flags, PLAIN).medianMs());
    }

    /**
     * Median of the per-round ratios: a function run and a plain run of the same round are seconds apart, so a
     * burst of load from something else on the machine tends to hit both.
     */
    double pairedRatio(String flags) {
        ColdSamples f = samples(flags, FUNCTION);
        ColdSamples p = samples(flags, PLAIN);
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
    double bestRatio(String flags) {
        double f = samples(flags, FUNCTION).total.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double p = samples(flags, PLAIN).total.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return Stats.ratio(f, p);
    }

    double jarRatio() {
        return functionJar == null || plainJar == null ? Double.NaN : Stats.ratio(functionJar.bytes(), plainJar.bytes());
    }

    double warmRatio(int n) {
        return warm == null ? Double.NaN : warm.driftRatio(n);
    }

    boolean sameAwsCalls() {
        return awsCalls.get(FUNCTION) != null && awsCalls.get(FUNCTION).equals(awsCalls.get(PLAIN));
    }
}
