package link.buddyverse.ops.cli.sandbox;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the sandbox's endpoint, with its dummy credentials, built on first use and closed together.
 * No retries: moto answers a call it does not implement with an HTTP 500 page, which the SDK would otherwise
 * retry with back-off before failing the same way.
 */
public final class SandboxClients implements AutoCloseable {

    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String ACCOUNT_ID = "123456789012";

    private final URI endpoint;
    private final String region;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<SdkClient> built = new ArrayList<>();

    private CloudFormationClient cloudFormation;
    private AutoScalingClient autoScaling;
    private ElasticLoadBalancingV2Client loadBalancing;
    private Ec2Client ec2;
    private EfsClient efs;
    private RdsClient rds;
    private Route53Client route53;
    private AcmClient acm;
    private DynamoDbClient dynamoDb;
    private SecretsManagerClient secretsManager;
    private CloudWatchClient cloudWatch;
    private SqsClient sqs;

    public SandboxClients(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public synchronized CloudFormationClient cloudFormation() {
        return cloudFormation = cached(cloudFormation, () -> build(CloudFormationClient.builder()));
    }

    public synchronized AutoScalingClient autoScaling() {
        return autoScaling = cached(autoScaling, () -> build(AutoScalingClient.builder()));
    }

    public synchronized ElasticLoadBalancingV2Client loadBalancing() {
        return loadBalancing = cached(loadBalancing, () -> build(ElasticLoadBalancingV2Client.builder()));
    }

    public synchronized Ec2Client ec2() {
        return ec2 = cached(ec2, () -> build(Ec2Client.builder()));
    }

    public synchronized EfsClient efs() {
        return efs = cached(efs, () -> build(EfsClient.builder()));
    }

    public synchronized RdsClient rds() {
        return rds = cached(rds, () -> build(RdsClient.builder()));
    }

    public synchronized Route53Client route53() {
        // Route 53 is global: its API lives in us-east-1 whatever the stack's region.
        return route53 = cached(route53, () -> build(Route53Client.builder(), Region.AWS_GLOBAL));
    }

    public synchronized AcmClient acm() {
        return acm = cached(acm, () -> build(AcmClient.builder()));
    }

    public synchronized DynamoDbClient dynamoDb() {
        return dynamoDb = cached(dynamoDb, () -> build(DynamoDbClient.builder()));
    }

    public synchronized SecretsManagerClient secretsManager() {
        return secretsManager = cached(secretsManager, () -> build(SecretsManagerClient.builder()));
    }

    /** The SDK's CloudWatch client: it speaks RPCv2 CBOR, which the gateway bridges to moto's JSON protocol. */
    public synchronized CloudWatchClient cloudWatch() {
        return cloudWatch = cached(cloudWatch, () -> build(CloudWatchClient.builder()));
    }

    public synchronized SqsClient sqs() {
        return sqs = cached(sqs, () -> build(SqsClient.builder()));
    }

    /** Builds every client now: most of a client's cost is loading its classes, which can overlap moto's start. */
    public void warmUp() {
        cloudFormation();
        autoScaling();
        loadBalancing();
        ec2();
        efs();
        rds();
        route53();
        acm();
        dynamoDb();
        cloudWatch();
    }

    private static <T> T cached(T existing, Supplier<T> create) {
        return existing != null ? existing : create.get();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(B builder) {
        return build(builder, Region.of(region));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(B builder, Region clientRegion) {
        C client = builder.httpClient(http)
                .endpointOverride(endpoint)
                .region(clientRegion)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        built.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        built.forEach(SdkClient::close);
        built.clear();
        http.close();
    }
}
