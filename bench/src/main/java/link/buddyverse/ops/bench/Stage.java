package link.buddyverse.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import link.buddyverse.ops.localaws.Call;
import link.buddyverse.ops.localaws.MotoProcess;
import link.buddyverse.ops.localaws.WebTierGroup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import link.buddyverse.ops.localaws.Gateway;
import link.buddyverse.ops.localslack.SlackStandIn;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a function talks to during a run, on loopback: moto_server (the AWS APIs), the project's local-aws
 * gateway in front of it (what moto lacks: EFS UpdateFileSystem, SSM SendCommand, lifecycle actions, CloudWatch's
 * CBOR protocol; every handler, timed or not, talks to the gateway, and the gateway's own record of calls is what
 * shows the function and its plain twin make the same ones), and the Slack stand-in. {@link #fresh()} resets all of it to an empty account with an empty
 * OpsState table; each function's entry adds what it needs ({@link FunctionEntry#prepare()}).
 */
final class Stage implements AutoCloseable {

    static final String REGION = "ap-northeast-2";
    static final String GROUP = WebTierGroup.GROUP;
    static final String TABLE = "OpsState";
    static final String FILE_SYSTEM = "Buddy-EFS";
    static final String TARGET_GROUP = "Buddy-LoadBalance-TargetGroup";
    static final String LAUNCH_HOOK = "Buddy-Launch-Hook";
    static final String TERMINATE_HOOK = "Buddy-Terminate-Hook";
    static final String RECHECK_QUEUE = "LifecycleRecheckQueue";
    static final String SOURCE_DATABASE = "database1";
    static final String REPLICA = "database1-replica";
    static final String PRIVATE_ZONE = "buddyverse.internal";
    static final String READ_RECORD = "read.db.buddyverse.internal";
    static final String READ_ENDPOINTS_PARAMETER = "/buddyverse/db/read-endpoints";

    private final MotoProcess moto;
    private final Gateway gateway;
    private final SlackStandIn slack;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final AutoScalingClient autoScaling;
    private final DynamoDbClient dynamoDb;
    private final EfsClient efs;
    private final CloudWatchClient cloudWatch;
    private final Ec2Client ec2;
    private final ElasticLoadBalancingV2Client loadBalancing;
    private final RdsClient rds;
    private final SqsClient sqs;
    private final Route53Client route53;
    private final SsmClient ssm;
    private final Map<String, String> eventRewrites = new LinkedHashMap<>();
    /** Ids AWS assigned to what this run's set-up created (template.yaml imports them from the core stack). */
    private String fileSystemId = "";
    private String privateZoneId = "";

    private Stage(MotoProcess moto, Gateway gateway, SlackStandIn slack) {
        this.moto = moto;
        this.gateway = gateway;
        this.slack = slack;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        URI endpoint = gateway.endpoint();
        autoScaling = AutoScalingClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        dynamoDb = DynamoDbClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        efs = EfsClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        cloudWatch = CloudWatchClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        ec2 = Ec2Client.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        loadBalancing = ElasticLoadBalancingV2Client.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        rds = RdsClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        sqs = SqsClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        route53 = Route53Client.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        ssm = SsmClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
    }

    static Stage start(Path logs) throws IOException {
        MotoProcess moto = MotoProcess.start(MotoProcess.locate(System.getenv("PATH")), MotoProcess.freeLoopbackPort(),
                logs.resolve("moto.log"), false, Map.of());
        Gateway gateway = null;
        try {
            gateway = Gateway.start(moto.endpoint());
            return new Stage(moto, gateway, SlackStandIn.start());
        } catch (RuntimeException e) {
            if (gateway != null) {
                gateway.close();
            }
            moto.close();
            throw e;
        }
    }

    /** Where the handlers' AWS_ENDPOINT_URL points: the gateway in front of moto. */
    String motoEndpoint() {
        return gateway.endpoint().toString();
    }

    Gateway gateway() {
        return gateway;
    }

    /**
     * The AWS calls the gateway saw since {@link #forgetCalls()} ({@code dynamodb.PutItem},
     * {@code autoscaling.SetDesiredCapacity}...), in order: after a set-up and a run, what the handler did.
     */
    List<String> calls() {
        return gateway.calls().all().stream().map(call -> call.service() + "." + call.operation()).toList();
    }

    /**
     * The same, and each call with its parameters written to {@code dump}: what a plain handler has to send to make
     * the same calls (bench/README.md, "Adding a function").
     */
    List<String> calls(Path dump) throws IOException {
        StringBuilder text = new StringBuilder();
        gateway.calls().all().forEach(call -> text.append(call.service()).append('.').append(call.operation())
                .append('\n').append(call.parameters()).append("\n\n"));
        Files.writeString(dump, text);
        return calls();
    }

    /** Forgets the calls seen so far (the set-up's own), so that {@link #calls()} is what comes next. */
    void forgetCalls() {
        gateway.calls().clear();
    }

    SlackStandIn slack() {
        return slack;
    }

    /** The Slack methods called since the last {@link #fresh()}, in order (webhook posts as "webhook"). */
    List<String> slackCalls() {
        return slack.requests().stream().map(SlackStandIn.Request::method).toList();
    }

    /**
     * An empty account with the OpsState table as ops-kit's OpsStateTableSchema makes it (the key, and the
     * sparse "work" index on workShard/workAt; a function that does not use the index never notices it).
     */
    void fresh() throws IOException {
        gateway.resetAll();
        slack.reset();
        eventRewrites.clear();
        fileSystemId = "";
        privateZoneId = "";
        dynamoDb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("workShard").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("workAt").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("work")
                        .keySchema(k -> k.attributeName("workShard").keyType("HASH"),
                                k -> k.attributeName("workAt").keyType("RANGE"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }

    /** The web tier's group, as template.yaml's stack has it (min, desired, max). */
    void createWebTierGroup(int min, int desired, int max) {
        WebTierGroup.create(autoScaling, min, desired, max);
        // SSM managed nodes, as core/template.yaml's instance profile makes them (moto launches a launch configuration's
        // instances without one): Run Command reaches nothing else.
        String profile = gateway.played().runCommand().managedNodes().createManagedProfile("Buddy-Web-Role-" + System.nanoTime());
        autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0).instances()
                .forEach(i -> ec2.associateIamInstanceProfile(b -> b.instanceId(i.instanceId()).iamInstanceProfile(p -> p.arn(profile))));
    }

    /** Buddy-EFS as the core stack makes it: General Purpose, bursting, tagged Name=Buddy-EFS. Returns its id. */
    String createBuddyEfs() {
        fileSystemId = efs.createFileSystem(b -> b.creationToken("buddy-efs").performanceMode("generalPurpose")
                .throughputMode("bursting").encrypted(true).tags(t -> t.key("Name").value(FILE_SYSTEM))).fileSystemId();
        return fileSystemId;
    }

    /** Buddy-EFS's id in this run (the core stack's FileSystemId export), "" before {@link #createBuddyEfs}. */
    String fileSystemId() {
        return fileSystemId;
    }

    /** buddyverse.internal's id in this run (the core stack's PrivateHostedZoneId export), "" before it exists. */
    String privateZoneId() {
        return privateZoneId;
    }

    /** Buddy-EFS's throughput mode as DescribeFileSystems shows it now (through the gateway), or "" without it. */
    String efsThroughputMode() {
        return efs.describeFileSystems().fileSystems().stream().filter(fs -> FILE_SYSTEM.equals(fs.name()))
                .map(fs -> fs.throughputModeAsString()).findFirst().orElse("");
    }

    CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    /**
     * The cold event as this run sends it: the sample with what the entry's set-up replaced in it (an instance id, a
     * lifecycle token: moto names its resources anew after every reset). The sample itself when nothing was.
     */
    byte[] rewrite(byte[] event) {
        if (eventRewrites.isEmpty()) {
            return event;
        }
        String text = new String(event, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> rewrite : eventRewrites.entrySet()) {
            text = text.replace(rewrite.getKey(), rewrite.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Until the next reset, every occurrence of {@code sample} in the cold event is sent as {@code actual}. */
    void rewriteEvent(String sample, String actual) {
        eventRewrites.put(sample, actual);
    }

    /**
     * The web tier's lifecycle set-up as core/template.yaml has it: the group's two hooks (heartbeat 300 s, CONTINUE),
     * the target group (/health.html, 200, deregistration delay 60 s), the re-check queue. Returns the target group's ARN.
     */
    String createLifecycleHooksAndTargetGroup() {
        for (String[] hook : new String[][] {{LAUNCH_HOOK, "autoscaling:EC2_INSTANCE_LAUNCHING"},
                {TERMINATE_HOOK, "autoscaling:EC2_INSTANCE_TERMINATING"}}) {
            autoScaling.putLifecycleHook(b -> b.autoScalingGroupName(GROUP).lifecycleHookName(hook[0])
                    .lifecycleTransition(hook[1]).heartbeatTimeout(300).defaultResult("CONTINUE"));
        }
        String arn = createTargetGroup();
        loadBalancing.modifyTargetGroupAttributes(b -> b.targetGroupArn(arn)
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("60")));
        sqs.createQueue(b -> b.queueName(RECHECK_QUEUE));
        return arn;
    }

    /** Buddy-LoadBalance-TargetGroup in the default VPC (/health.html, 200). */
    String createTargetGroup() {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        return loadBalancing.createTargetGroup(b -> b.name(TARGET_GROUP).protocol("HTTP").port(80).vpcId(vpc)
                .targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health.html").matcher(m -> m.httpCode("200")))
                .targetGroups().get(0).targetGroupArn();
    }

    /** The re-check queue's URL as moto (behind the gateway) names it; the same after every reset. */
    String recheckQueueUrl() {
        return gateway.endpoint() + "/123456789012/" + RECHECK_QUEUE;
    }

    /** The first instance of the web tier's group, put at its launch hook by the gateway; returns its id and token. */
    String[] pauseAtLaunchHook() {
        String instanceId = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups()
                .get(0).instances().stream().map(i -> i.instanceId()).sorted().findFirst().orElseThrow();
        String token = gateway.played().lifecycle().pause(GROUP, instanceId, LAUNCH_HOOK);
        return new String[] {instanceId, token};
    }

    /**
     * The rest of the Buddyverse stack a dashboard is rendered from, as the core template builds it: Buddy-LoadBalance
     * and its target group, database1 with a replica, Buddy-EFS, the stack's alarms (the group: createWebTierGroup).
     */
    void createDashboardStack() {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        List<String> subnets = ec2.describeSubnets(b -> b.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
                .limit(2).map(sn -> sn.subnetId()).toList();
        loadBalancing.createLoadBalancer(b -> b.name("Buddy-LoadBalance").subnets(subnets));
        createTargetGroup();
        rds.createDBInstance(b -> b.dbInstanceIdentifier("database1").engine("mysql").dbInstanceClass("db.t3.micro")
                .masterUsername("admin").masterUserPassword("buddyverse-pass").allocatedStorage(20));
        rds.createDBInstanceReadReplica(b -> b.dbInstanceIdentifier("database1-replica").sourceDBInstanceIdentifier("database1")
                .dbInstanceClass("db.t3.micro"));
        createBuddyEfs();
        for (String alarm : List.of("Buddy-CPU-High", "Buddy-CPU-Low", "Buddy-Unhealthy-Hosts")) {
            cloudWatch.putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/EC2").metricName("CPUUtilization")
                    .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(1).threshold(50.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        }
    }

    /**
     * The database tier as the core stack makes it for ReplicaRotatorFunction: database1 and its replica, the private
     * zone buddyverse.internal (default VPC) whose read name has the replica's weighted record, and three minutes of
     * good ReplicaLag (1, 0, 2 s) ending in the current minute: the replica stays in and only the SSM parameter
     * (absent) is due.
     */
    void createDatabaseTier() {
        rds.createDBInstance(b -> b.dbInstanceIdentifier(SOURCE_DATABASE).engine("mysql").dbInstanceClass("db.t3.micro")
                .masterUsername("admin").masterUserPassword("buddyverse-pass").allocatedStorage(20));
        rds.createDBInstanceReadReplica(b -> b.dbInstanceIdentifier(REPLICA).sourceDBInstanceIdentifier(SOURCE_DATABASE)
                .dbInstanceClass("db.t3.micro"));
        String replicaAddress = rds.describeDBInstances(b -> b.dbInstanceIdentifier(REPLICA)).dbInstances().get(0)
                .endpoint().address();
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        String zoneId = route53.createHostedZone(b -> b.name(PRIVATE_ZONE).callerReference("bench-" + System.nanoTime())
                        .vpc(v -> v.vpcId(vpc).vpcRegion(REGION)).hostedZoneConfig(c -> c.privateZone(true)))
                .hostedZone().id().replace("/hostedzone/", "");
        privateZoneId = zoneId;
        route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(ch -> ch.action("CREATE")
                .resourceRecordSet(r -> r.name(READ_RECORD).type(RRType.CNAME).ttl(5L).setIdentifier(REPLICA).weight(1L)
                        .resourceRecords(v -> v.value(replicaAddress))))));
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        double[] lag = {1, 0, 2};
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < lag.length; i++) {
            data.add(MetricDatum.builder().metricName("ReplicaLag").value(lag[i]).timestamp(minute.minusSeconds(60L * (lag.length - 1 - i)))
                    .dimensions(d -> d.name("DBInstanceIdentifier").value(REPLICA)).build());
        }
        cloudWatch.putMetricData(b -> b.namespace("AWS/RDS").metricData(data));
    }

    /** The read endpoints' SSM parameter as it is now, or "" when it does not exist. */
    String readEndpointsParameter() {
        try {
            return ssm.getParameter(b -> b.name(READ_ENDPOINTS_PARAMETER)).parameter().value();
        } catch (ParameterNotFoundException missing) {
            return "";
        }
    }

    /** Whether the dashboard exists in CloudWatch now. */
    boolean dashboardExists(String name) {
        return cloudWatch.listDashboards(b -> b.dashboardNamePrefix(name)).dashboardEntries().stream()
                .anyMatch(d -> d.dashboardName().equals(name));
    }

    /** How many calls of one operation the gateway saw since the last reset ("ssm", "SendCommand"). */
    int gatewayCalls(String service, String operation) {
        return gateway.calls().count(service, operation);
    }

    int desiredCapacity() {
        var groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP)).autoScalingGroups();
        return groups.isEmpty() ? -1 : groups.get(0).desiredCapacity();
    }

    int stateItems() {
        return dynamoDb.scan(b -> b.tableName(TABLE)).count();
    }

    @Override
    public void close() {
        autoScaling.close();
        dynamoDb.close();
        efs.close();
        cloudWatch.close();
        ec2.close();
        loadBalancing.close();
        rds.close();
        sqs.close();
        route53.close();
        ssm.close();
        http.close();
        slack.close();
        gateway.close();
        moto.close();
    }
}
