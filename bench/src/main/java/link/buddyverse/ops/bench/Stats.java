package link.buddyverse.ops.bench;

import java.util.Arrays;
import java.util.List;

final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
        return median(sorted);
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Median of the 1-based invocations first..last of a latency series, in milliseconds. */
    static double windowMedianMs(long[] nanos, int first, int last) {
        double[] window = Arrays.stream(nanos, first - 1, last).mapToDouble(n -> n / 1e6).sorted().toArray();
        return median(window);
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 || Double.isNaN(numerator) || Double.isNaN(denominator) ? Double.NaN : numerator / denominator;
    }
}
