package link.buddyverse.ops.cli.preflight;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SDK clients for what preflight reads: a sandbox's endpoint (its dummy credentials) or an account, through a named
 * profile or the default chain. Read-only calls only; closed together.
 */
final class PreflightClients implements AutoCloseable {

    private final URI endpoint;
    private final String profile;
    private final Region region;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<SdkClient> built = new ArrayList<>();

    PreflightClients(URI endpoint, String profile, String region) {
        this.endpoint = endpoint;
        this.profile = profile;
        this.region = Region.of(region);
    }

    boolean sandbox() {
        return endpoint != null;
    }

    Region region() {
        return region;
    }

    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(B builder) {
        AwsCredentialsProvider credentials = endpoint != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))
                : profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
        builder.httpClient(http).region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        built.add(client);
        return client;
    }

    @Override
    public void close() {
        built.forEach(SdkClient::close);
        http.close();
    }
}
