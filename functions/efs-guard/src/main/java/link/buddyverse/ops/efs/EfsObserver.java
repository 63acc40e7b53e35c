package link.buddyverse.ops.efs;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.kit.alarm.FiringAlarms;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/**
 * Reads what the planner needs: the file system (DescribeFileSystems), its recent AWS/EFS metrics (GetMetricData),
 * which of its alarms are in ALARM (DescribeAlarms), and what this function remembers.
 */
@Singleton
public class EfsObserver implements CallsAws {

    private final EfsClient efs;
    private final CloudWatchClient cloudWatch;
    private final FileSystemMemory memory;

    public EfsObserver(EfsClient efs, CloudWatchClient cloudWatch, FileSystemMemory memory) {
        this.efs = efs;
        this.cloudWatch = cloudWatch;
        this.memory = memory;
    }

    @Override
    public List<String> iamActions() {
        return List.of("elasticfilesystem:DescribeFileSystems", "cloudwatch:GetMetricData", FiringAlarms.IAM_ACTION);
    }

    /** The file system by id ({@code fs-...}) or by its Name tag. */
    public Optional<FileSystemState> fileSystem(String idOrName) {
        List<FileSystemDescription> found;
        if (idOrName.startsWith("fs-") || idOrName.startsWith("arn:")) {
            try {
                found = efs.describeFileSystems(b -> b.fileSystemId(idOrName)).fileSystems();
            } catch (FileSystemNotFoundException missing) {
                return Optional.empty();
            }
        } else {
            found = efs.describeFileSystemsPaginator(b -> b.maxItems(100)).fileSystems().stream()
                    .filter(fs -> idOrName.equals(fs.name())).toList();
        }
        return found.stream().findFirst().map(fs -> new FileSystemState(fs.fileSystemId(), fs.name(),
                fs.throughputModeAsString(), fs.performanceModeAsString(), fs.lifeCycleStateAsString()));
    }

    /** BurstCreditBalance, minimum per 5 minutes (the alarm's statistic) over the last {@code window}. */
    public MetricSeries creditBalance(String fileSystemId, Duration window, Instant now) {
        return series(fileSystemId, "BurstCreditBalance", "Minimum", window, now);
    }

    /** PercentIOLimit, maximum per 5 minutes over the last {@code window}: the evidence of an IO-limit episode. */
    public MetricSeries ioLimit(String fileSystemId, Duration window, Instant now) {
        return series(fileSystemId, "PercentIOLimit", "Maximum", window, now);
    }

    /** Those of the given alarms CloudWatch reports in ALARM now. */
    public List<String> alarmsInAlarm(List<String> alarmNames) {
        return FiringAlarms.of(cloudWatch, alarmNames);
    }

    public GuardMemory memory(String fileSystemId) {
        return memory.read(fileSystemId);
    }

    private MetricSeries series(String fileSystemId, String metric, String stat, Duration window, Instant now) {
        Instant from = now.minus(window);
        List<MetricSeries.Point> points = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            GetMetricDataResponse response = cloudWatch.getMetricData(b -> b.startTime(from).endTime(now).nextToken(token)
                    .metricDataQueries(MetricDataQuery.builder().id("m").returnData(true)
                            .metricStat(s -> s.stat(stat).period(300).metric(m -> m.namespace("AWS/EFS").metricName(metric)
                                    .dimensions(Dimension.builder().name("FileSystemId").value(fileSystemId).build())))
                            .build()));
            for (MetricDataResult result : response.metricDataResults()) {
                for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
                    points.add(new MetricSeries.Point(result.timestamps().get(i), result.values().get(i)));
                }
            }
            next = response.nextToken();
        } while (next != null && !next.isEmpty());
        return new MetricSeries(metric, from, now, points);
    }
}
