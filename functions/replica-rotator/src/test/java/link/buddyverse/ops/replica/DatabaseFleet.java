package link.buddyverse.ops.replica;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The Buddyverse database tier in moto, as the core stack makes it: database1, its replica, the private zone
 * buddyverse.internal with the first weighted read record; and the function's containers on a clock the test moves.
 */
final class DatabaseFleet implements AutoCloseable {

    static final String TABLE = "OpsState";
    static final String SOURCE = "database1";
    static final String REPLICA = "database1-replica";
    static final String READ_NAME = "read.db.buddyverse.internal";
    static final String PARAMETER = "/buddyverse/db/read-endpoints";

    final AwsClients clients = new AwsClients();
    final RdsClient rds = clients.build(RdsClient.builder());
    final CloudWatchClient cloudWatch = clients.build(CloudWatchClient.builder());
    final Route53Client route53 = clients.build(Route53Client.builder());
    final SsmClient ssm = clients.build(SsmClient.builder());
    final DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder());
    // Minute-aligned, as CloudWatch's datapoints are; near the real time so moto keeps every datapoint.
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20));
    final String zoneId;
    private final List<ReplicaRotatorHandler> containers = new ArrayList<>();
    private final JsonMapper jsonMapper = JsonMapper.createDefault();

    DatabaseFleet(String... replicas) {
        OpsStateTableSchema.createIfMissing(dynamoDb, TABLE);
        rds.createDBInstance(b -> b.dbInstanceIdentifier(SOURCE).engine("mysql").dbInstanceClass("db.t3.micro")
                .masterUsername("admin").masterUserPassword("buddyverse-secret").allocatedStorage(20).backupRetentionPeriod(7));
        String vpc = clients.build(Ec2Client.builder()).createVpc(b -> b.cidrBlock("172.31.0.0/16")).vpc().vpcId();
        zoneId = route53.createHostedZone(b -> b.name("buddyverse.internal").callerReference("core-" + System.nanoTime())
                .vpc(v -> v.vpcId(vpc).vpcRegion("ap-northeast-2")).hostedZoneConfig(c -> c.privateZone(true)))
                .hostedZone().id().replace("/hostedzone/", "");
        for (String replica : replicas) {
            createReplica(replica);
        }
        if (replicas.length > 0) {
            route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(ch -> ch.action("CREATE")
                    .resourceRecordSet(r -> r.name(READ_NAME).type(RRType.CNAME).ttl(5L).setIdentifier(replicas[0]).weight(1L)
                            .resourceRecords(v -> v.value(address(replicas[0])))))));
        }
    }

    void createReplica(String id) {
        rds.createDBInstanceReadReplica(b -> b.dbInstanceIdentifier(id).sourceDBInstanceIdentifier(SOURCE));
    }

    String address(String instance) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(instance)).dbInstances().get(0).endpoint().address();
    }

    /** ReplicaLag samples of {@code replica}, one a minute, the last one in the clock's current minute. */
    void lag(String replica, double... seconds) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            Instant at = minute.minus(Duration.ofMinutes(seconds.length - 1 - i));
            data.add(MetricDatum.builder().metricName("ReplicaLag").value(seconds[i]).timestamp(at)
                    .dimensions(d -> d.name("DBInstanceIdentifier").value(replica)).build());
        }
        for (int start = 0; start < data.size(); start += 1000) {
            List<MetricDatum> batch = data.subList(start, Math.min(data.size(), start + 1000));
            cloudWatch.putMetricData(b -> b.namespace("AWS/RDS").metricData(batch));
        }
    }

    /** One more minute passes, and each named replica reports {@code seconds} of lag in it. */
    void minutePasses(double seconds, String... replicas) {
        clock.advance(Duration.ofMinutes(1));
        for (String replica : replicas) {
            lag(replica, seconds);
        }
    }

    /** The read name's records as "identifier -> value", sorted. */
    List<String> readRecords() {
        return route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(r -> r.name().equals(READ_NAME + ".")).map(r -> r.setIdentifier() + " -> " + r.resourceRecords().get(0).value())
                .sorted().toList();
    }

    String parameter() {
        try {
            return ssm.getParameter(b -> b.name(PARAMETER)).parameter().value();
        } catch (ParameterNotFoundException missing) {
            return null;
        }
    }

    ReplicaRotatorHandler container() {
        return container(Map.of());
    }

    ReplicaRotatorHandler container(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("ops.state-table", TABLE));
        all.putAll(properties);
        ReplicaRotatorHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(all)
                .singletons(clock), ReplicaRotatorHandler::new);
        containers.add(handler);
        return handler;
    }

    OpsResult deliver(ReplicaRotatorHandler handler, String json) {
        try {
            return handler.handleRequest(jsonMapper.readValue(json, JsonNode.class), TestLambdaContext.of(ReplicaRotator.NAME));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private int ticks;

    /** The minute's schedule fires (a fresh event id each time, as EventBridge gives). */
    OpsResult reconcile(ReplicaRotatorHandler handler) {
        ticks++;
        return deliver(handler, SampleEvents.withId(sample("reconcile-schedule.json"),
                String.format("c1d2e3f4-0a1b-4c2d-8e3f-%012d", ticks + System.nanoTime() % 1_000_000_000L)));
    }

    static String sample(String file) {
        return SampleEvents.read("replica-rotator", file);
    }

    @Override
    public void close() {
        containers.forEach(ReplicaRotatorHandler::close);
    }
}
