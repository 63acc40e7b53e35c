package link.buddyverse.ops.bench;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The account each cold-start run starts from, in moto: the web tier's group (min 2, desired 2, max 4) and an
 * empty OpsState table. Rebuilt from a reset before every run, so every run really scales 2 -> 3.
 */
final class Account implements AutoCloseable {

    static final String REGION = "ap-northeast-2";
    static final String GROUP = "Buddy-AutoScaling-Group";
    static final String TABLE = "OpsState";

    private final Moto moto;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final AutoScalingClient autoScaling;
    private final DynamoDbClient dynamoDb;

    Account(Moto moto) {
        this.moto = moto;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        URI endpoint = URI.create(moto.endpoint());
        autoScaling = AutoScalingClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
        dynamoDb = DynamoDbClient.builder().httpClient(http).region(Region.of(REGION))
                .credentialsProvider(credentials).endpointOverride(endpoint).build();
    }

    void fresh() throws IOException {
        moto.reset();
        autoScaling.createLaunchConfiguration(b -> b.launchConfigurationName("Buddy-Web")
                .imageId("ami-0a1b2c3d4e5f67890").instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(GROUP).launchConfigurationName("Buddy-Web")
                .minSize(2).desiredCapacity(2).maxSize(4)
                .availabilityZones(REGION + "a", REGION + "c")
                .healthCheckType("ELB").healthCheckGracePeriod(300));
        dynamoDb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
    }

    int desiredCapacity() {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP))
                .autoScalingGroups().get(0).desiredCapacity();
    }

    int stateItems() {
        return dynamoDb.scan(b -> b.tableName(TABLE)).count();
    }

    @Override
    public void close() {
        autoScaling.close();
        dynamoDb.close();
        http.close();
    }
}
