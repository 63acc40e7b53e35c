package link.buddyverse.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * Everything a function talks to during a run, on loopback: moto_server (the AWS APIs), the project's local-aws
 * gateway in front of it (what moto lacks: EFS UpdateFileSystem, SSM SendCommand, lifecycle actions, CloudWatch's
 * CBOR protocol; every handler, timed or not, talks to the gateway), the call recorder in front of that, and the
 * Slack stand-in. {@link #fresh()} resets all of it to an empty account with an empty
 * OpsState table; each function's entry adds what it needs ({@link FunctionSpec#prepare()}).
 */
final class Stage implements AutoCloseable {

    static final String REGION = "ap-northeast-2";
    static final String GROUP = "Buddy-AutoScaling-Group";
    static final String TABLE = "OpsState";
    static final String FILE_SYSTEM = "Buddy-EFS";

    private final Moto moto;
    private final Gateway gateway;
    private final AwsCallRecorder recorder;
    private final SlackStandIn slack;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final AutoScalingClient autoScaling;
    private final DynamoDbClient dynamoDb;
    private final EfsClient efs;
    private final CloudWatchClient cloudWatch;

    private Stage(Moto moto, Gateway gateway, AwsCallRecorder recorder, SlackStandIn slack) {
        this.moto = moto;
        this.gateway = gateway;
        this.recorder = recorder;
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
    }

    static Stage start(Path logs) throws IOException, InterruptedException {
        Moto moto = Moto.start(logs.resolve("moto.log"));
        Gateway gateway = null;
        try {
            gateway = Gateway.start(URI.create(moto.endpoint()));
            return new Stage(moto, gateway, new AwsCallRecorder(gateway.endpoint().toString()), new SlackStandIn());
        } catch (IOException | RuntimeException e) {
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

    AwsCallRecorder recorder() {
        return recorder;
    }

    SlackStandIn slack() {
        return slack;
    }

    /**
     * An empty account with the OpsState table as ops-kit's OpsStateTableSchema makes it (the key, and the
     * sparse "work" index on workShard/workAt; a function that does not use the index never notices it).
     */
    void fresh() throws IOException {
        gateway.resetAll();
        slack.reset();
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
        autoScaling.createLaunchConfiguration(b -> b.launchConfigurationName("Buddy-Web")
                .imageId("ami-0a1b2c3d4e5f67890").instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).launchConfigurationName("Buddy-Web")
                .minSize(min).desiredCapacity(desired).maxSize(max)
                .availabilityZones(REGION + "a", REGION + "c")
                .healthCheckType("ELB").healthCheckGracePeriod(300));
    }

    /** Buddy-EFS as the core stack makes it: General Purpose, bursting, tagged Name=Buddy-EFS. Returns its id. */
    String createBuddyEfs() {
        return efs.createFileSystem(b -> b.creationToken("buddy-efs").performanceMode("generalPurpose")
                .throughputMode("bursting").encrypted(true).tags(t -> t.key("Name").value(FILE_SYSTEM))).fileSystemId();
    }

    /** Buddy-EFS's throughput mode as DescribeFileSystems shows it now (through the gateway), or "" without it. */
    String efsThroughputMode() {
        return efs.describeFileSystems().fileSystems().stream().filter(fs -> FILE_SYSTEM.equals(fs.name()))
                .map(fs -> fs.throughputModeAsString()).findFirst().orElse("");
    }

    CloudWatchClient cloudWatch() {
        return cloudWatch;
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
        http.close();
        slack.close();
        recorder.close();
        gateway.close();
        moto.close();
    }
}
