package link.buddyverse.ops.replica;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceStatusInfo;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads what a reconcile needs, describe/get calls only: the instances (one DescribeDBInstances page holds the source
 * and its 15 replicas), every replica's ReplicaLag (one GetMetricData for all), the read name's records, the parameter.
 */
@Singleton
public class RotationObserver implements CallsAws {

    private final RdsClient rds;
    private final CloudWatchClient cloudWatch;
    private final Route53Client route53;
    private final SsmClient ssm;
    private final ReadRecordsReader records;
    private final RotationSettings settings;
    private final Region region;

    public RotationObserver(RdsClient rds, CloudWatchClient cloudWatch, Route53Client route53, SsmClient ssm,
                            ReadRecordsReader records, RotationSettings settings) {
        this.rds = rds;
        this.cloudWatch = cloudWatch;
        this.route53 = route53;
        this.ssm = ssm;
        this.records = records;
        this.settings = settings;
        this.region = rds.serviceClientConfiguration().region();
    }

    @Override
    public List<String> iamActions() {
        return List.of("rds:DescribeDBInstances", "cloudwatch:GetMetricData", "route53:ListHostedZonesByName",
                "ssm:GetParameter");
    }

    public Observed observe(Instant now) {
        Fleet fleet = fleet();
        Map<String, List<LagSample>> lag = fleet.replicas().isEmpty() ? Map.of() : lag(fleet.replicas(), now);
        String zoneId = zoneId();
        ReadRecordsReader.Listing listing = records.listing(zoneId, settings.recordFqdn());
        return new Observed(fleet, lag, zoneId, listing.name(), listing.records(), parameter());
    }

    Fleet fleet() {
        String source = settings.sourceInstance();
        String sourceArnSuffix = ":db:" + source;
        DbInstance sourceInstance = null;
        List<String> listed = List.of();
        List<DbInstance> replicas = new ArrayList<>();
        for (DBInstance instance : rds.describeDBInstancesPaginator(b -> b.maxRecords(100)).dbInstances()) {
            String of = instance.readReplicaSourceDBInstanceIdentifier();
            if (instance.dbInstanceIdentifier().equals(source)) {
                sourceInstance = toInstance(instance);
                listed = instance.readReplicaDBInstanceIdentifiers();
            } else if (of != null && (of.equals(source) || (of.endsWith(sourceArnSuffix) && of.contains(":" + region.id() + ":")))) {
                replicas.add(toInstance(instance));
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String replica : listed) {
            if (replica.startsWith("arn:") && !replica.contains(":" + region.id() + ":")) {
                ignored.add(replica + ": in another region (its readers are that region's business)");
            }
        }
        replicas.sort((a, b) -> a.id().compareTo(b.id()));
        return new Fleet(sourceInstance, replicas, ignored);
    }

    private static DbInstance toInstance(DBInstance instance) {
        String replication = instance.statusInfos().stream().filter(info -> "read replication".equals(info.statusType()))
                .map(DBInstanceStatusInfo::status).findFirst().orElse(null);
        return new DbInstance(instance.dbInstanceIdentifier(), instance.dbInstanceStatus(),
                instance.endpoint() == null ? null : instance.endpoint().address(), replication);
    }

    /** One GetMetricData call, one query per replica (up to 500 a call; RDS MySQL allows 15 replicas). */
    Map<String, List<LagSample>> lag(List<DbInstance> replicas, Instant now) {
        int period = RotationSettings.SAMPLE_PERIOD_SECONDS;
        // Aligned to the period, through the current minute: CloudWatch's buckets then match the datapoints.
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(period);
        Instant start = end.minus(settings.sampleWindow());
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            String replica = replicas.get(i).id();
            queries.add(MetricDataQuery.builder().id("r" + i).returnData(true)
                    .metricStat(stat -> stat.period(period).stat("Maximum").metric(metric -> metric.namespace("AWS/RDS")
                            .metricName("ReplicaLag").dimensions(d -> d.name("DBInstanceIdentifier").value(replica))))
                    .build());
        }
        Map<String, List<LagSample>> lag = new HashMap<>();
        String token = null;
        do {
            String next = token;
            GetMetricDataResponse page = cloudWatch.getMetricData(b -> b.metricDataQueries(queries).startTime(start)
                    .endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(next));
            for (MetricDataResult result : page.metricDataResults()) {
                String replica = replicas.get(Integer.parseInt(result.id().substring(1))).id();
                List<LagSample> samples = lag.computeIfAbsent(replica, r -> new ArrayList<>());
                for (int i = 0; i < result.timestamps().size(); i++) {
                    samples.add(new LagSample(result.timestamps().get(i), result.values().get(i)));
                }
            }
            token = page.nextToken();
        } while (token != null);
        // Ascending was asked for; moto (and pages) may not keep it.
        lag.values().forEach(samples -> samples.sort((a, b) -> a.at().compareTo(b.at())));
        return lag;
    }

    String zoneId() {
        if (!settings.hostedZoneId().isBlank()) {
            return settings.hostedZoneId();
        }
        String zone = ReadRecordsReader.fqdn(settings.privateZoneName());
        List<HostedZone> zones = route53.listHostedZonesByName(b -> b.dnsName(zone).maxItems("10")).hostedZones();
        return zones.stream().filter(z -> ReadRecordsReader.fqdn(z.name()).equalsIgnoreCase(zone))
                .filter(z -> z.config() == null || !Boolean.FALSE.equals(z.config().privateZone()))
                .map(z -> z.id().replace("/hostedzone/", "")).findFirst()
                .orElseThrow(() -> new MissingZoneException("no private hosted zone named " + zone
                        + ": check REPLICA_PRIVATE_ZONE_NAME or set REPLICA_HOSTED_ZONE_ID"));
    }

    Optional<String> parameter() {
        try {
            return Optional.of(ssm.getParameter(b -> b.name(settings.parameterName())).parameter().value());
        } catch (ParameterNotFoundException missing) {
            return Optional.empty();
        }
    }

    /** The zone the read name lives in does not exist: a configuration error, said as a result, not retried. */
    public static final class MissingZoneException extends RuntimeException {
        public MissingZoneException(String message) {
            super(message);
        }
    }
}
