package link.buddyverse.ops.kit.aws;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builds each AWS SDK client once per container, all on one lightweight HTTP client.
 *
 * <p>The region and credentials come straight from the environment Lambda sets ({@code AWS_REGION},
 * {@code AWS_ACCESS_KEY_ID}...), skipping the SDK's provider chains, which probe profile files and instance
 * metadata and cost start-up time. Off Lambda (tests, {@code ./ops}) the chains still apply.
 * {@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl} system property) is honoured by the SDK itself.
 */
@Factory
public class AwsClients {

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Region region = resolveRegion();
    private final AwsCredentialsProvider credentials = resolveCredentials();
    private final int maxAttempts = Integer.getInteger("aws.maxAttempts", DEFAULT_MAX_ATTEMPTS);
    private final CallTimeouts timeouts;

    /** For tests and tools: no invocation, so every call gets the longest timeouts ({@link CallTimeouts}). */
    public AwsClients() {
        this(RemainingTime.UNKNOWN);
    }

    /** Every call's timeouts fit in the time the invocation under way has left. */
    @Inject
    public AwsClients(RemainingTime remaining) {
        this.timeouts = new CallTimeouts(remaining);
    }

    /**
     * Attempts per call, every service alike: the SDK's standard mode makes 3 for most services but 9 for
     * DynamoDB, whose throttling backoff can then outlast a function's timeout; a failure that outlives these
     * attempts is the skeleton's to handle (the event is retried). {@code aws.maxAttempts} overrides it.
     */
    static final int DEFAULT_MAX_ATTEMPTS = 4;

    /** Applies the shared HTTP client, region, credentials and retry strategy to any service client builder. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return configure(builder, AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build());
    }

    /**
     * As {@link #build(AwsClientBuilder)}, but the SDK never retries a failure {@code answerNotRetried} matches: an
     * answer that is final for now, such as EFS's 429 "Wait until <time> UTC" after a throughput mode change, which
     * the SDK's standard strategy would otherwise retry as throttling (four refusals instead of one). Everything
     * else is retried as {@link AwsFailures#retryable} says, throttling with the throttling backoff.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder,
                                                                                     Predicate<Throwable> answerNotRetried) {
        return configure(builder, DefaultRetryStrategy.standardStrategyBuilder()
                .useClientDefaults(false)
                .maxAttempts(maxAttempts)
                .retryOnException(failure -> AwsFailures.retryable(failure) && !answerNotRetried.test(failure))
                .treatAsThrottling(failure -> failure instanceof AwsServiceException service && service.isThrottlingException())
                .build());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, RetryStrategy retries) {
        return builder.httpClient(httpClient).region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(retries).addExecutionInterceptor(timeouts))
                .build();
    }

    /** A client built on first use: for clients only a rare path calls. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> LazyClient<C> lazy(Supplier<B> builder) {
        return new LazyClient<>(() -> build(builder.get()));
    }

    @Singleton
    DynamoDbClient dynamoDb() {
        return build(DynamoDbClient.builder());
    }

    private static Region resolveRegion() {
        String fromEnv = System.getenv("AWS_REGION");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Region.of(fromEnv);
        }
        return DefaultAwsRegionProviderChain.builder().build().getRegion();
    }

    private static AwsCredentialsProvider resolveCredentials() {
        if (System.getenv("AWS_ACCESS_KEY_ID") != null && System.getenv("AWS_SECRET_ACCESS_KEY") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
