package link.buddyverse.ops.cli.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The preview's sample lines: the last three hours of a metric, as the sandbox's CloudWatch (moto) holds them. */
public final class CloudWatchMetricData implements DashboardPreview.MetricData {

    private final CloudWatchClient cloudWatch;

    public CloudWatchMetricData(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public List<Double> recent(String namespace, String metric, Map<String, String> dimensions, String stat) {
        Statistic statistic = switch (stat) {
            case "Sum" -> Statistic.SUM;
            case "Maximum" -> Statistic.MAXIMUM;
            case "Minimum" -> Statistic.MINIMUM;
            case "SampleCount" -> Statistic.SAMPLE_COUNT;
            default -> Statistic.AVERAGE;
        };
        Instant end = Instant.now().plusSeconds(60);
        try {
            List<Datapoint> points = cloudWatch.getMetricStatistics(b -> b.namespace(namespace).metricName(metric)
                    .dimensions(dimensions.entrySet().stream().map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList())
                    .startTime(end.minus(Duration.ofHours(3))).endTime(end).period(60).statistics(statistic)).datapoints();
            return points.stream().sorted(Comparator.comparing(Datapoint::timestamp)).map(p -> switch (statistic) {
                case SUM -> p.sum();
                case MAXIMUM -> p.maximum();
                case MINIMUM -> p.minimum();
                case SAMPLE_COUNT -> p.sampleCount();
                default -> p.average();
            }).toList();
        } catch (RuntimeException noData) {
            // A preview draws what it can: a metric the sandbox cannot answer for is shown without a line.
            return List.of();
        }
    }
}
