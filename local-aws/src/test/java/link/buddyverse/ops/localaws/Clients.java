package link.buddyverse.ops.localaws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Real SDK clients pointed at the gateway, with url-connection (the HTTP client the functions use). */
final class Clients {

    private Clients() {
    }

    static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C of(
            B builder, Gateway gateway) {
        return of(builder, gateway, Duration.ofSeconds(30));
    }

    static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C of(
            B builder, Gateway gateway, Duration socketTimeout) {
        builder.httpClient(UrlConnectionHttpClient.builder().socketTimeout(socketTimeout).connectionTimeout(Duration.ofSeconds(5)).build());
        return builder.endpointOverride(gateway.endpoint())
                .region(Region.of(LocalMoto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }
}
