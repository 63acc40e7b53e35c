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

/**
 * Everything a function talks to during a run, on loopback: moto_server (the AWS APIs), the call recorder in
 * front of it, and the Slack stand-in. {@link #fresh()} resets all of it to an empty account with an empty
 * OpsState table; each function's entry adds what it needs ({@link FunctionSpec#prepare()}).
 */
final class Stage implements AutoCloseable {

    static final String REGION = "ap-northeast-2";
    static final String GROUP = "Buddy-AutoScaling-Group";
    static final String TABLE = "OpsState";

    private final Moto moto;
    private final AwsCallRecorder recorder;
    private final SlackStandIn slack;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final AutoScalingClient autoScaling;
    private final DynamoDbClient dynamoDb;

    private Stage(Moto moto, AwsCallRecorder recorder, SlackStandIn slack) {
        this.moto = moto;
        this.recorder = recorder;
        this.slack = slack;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        URI endpoint = URI.create(moto.endpoint());
        autoScaling = AutoScalingClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        dynamoDb = DynamoDbClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
    }

    static Stage start(Path logs) throws IOException, InterruptedException {
        Moto moto = Moto.start(logs.resolve("moto.log"));
        try {
            return new Stage(moto, new AwsCallRecorder(moto.endpoint()), new SlackStandIn());
        } catch (IOException | RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    String motoEndpoint() {
        return moto.endpoint();
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
        moto.reset();
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
        http.close();
        slack.close();
        recorder.close();
        moto.close();
    }
}
