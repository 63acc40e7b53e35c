package link.buddyverse.ops.efs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/** One metric's datapoints over a window, oldest first, as GetMetricData returned them. */
public record MetricSeries(String metric, Instant from, Instant to, List<Point> points) {

    public record Point(Instant time, double value) {
    }

    public MetricSeries {
        points = points.stream().sorted(Comparator.comparing(Point::time)).toList();
    }

    public OptionalDouble minimum() {
        return points.stream().mapToDouble(Point::value).min();
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** Whether the datapoints reach back to within {@code slack} of the window's start: the whole window is seen. */
    public boolean coversWindow(java.time.Duration slack) {
        return !points.isEmpty() && !points.get(0).time().isAfter(from.plus(slack));
    }
}
