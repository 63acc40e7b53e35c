package link.buddyverse.ops.cli.local;

import java.io.PrintWriter;
import java.util.Map;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ops state table in a local sandbox. In AWS, CloudFormation creates it with the stack; against a fresh
 * moto_server nothing has, and every function claims its event id there before acting.
 */
final class LocalStateTable {

    private LocalStateTable() {
    }

    /** Creates {@code tableName} at the loopback endpoint unless it exists, saying so on stderr. */
    static void ensure(AwsTarget target, String tableName, PrintWriter err) {
        // Built here rather than with ops-kit's AwsClients: the endpoint, region and credentials are the ones the
        // function will get, which this JVM's own environment may lack.
        Map<String, String> variables = target.functionVariables();
        String accessKey = variables.get("AWS_ACCESS_KEY_ID");
        String secretKey = variables.get("AWS_SECRET_ACCESS_KEY");
        AwsCredentials credentials = variables.containsKey("AWS_SESSION_TOKEN")
                ? AwsSessionCredentials.create(accessKey, secretKey, variables.get("AWS_SESSION_TOKEN"))
                : AwsBasicCredentials.create(accessKey, secretKey);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(target.endpoint().orElseThrow())
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build()) {
            if (OpsStateTableSchema.createIfMissing(dynamoDb, tableName)) {
                err.println("ops: created the ops state table " + tableName + " at " + target.endpoint().orElseThrow()
                        + " (" + target.region() + ")");
                err.flush();
            }
        } catch (SdkException e) {
            throw new SetupException("Could not create the ops state table " + tableName + " at "
                    + target.endpoint().orElseThrow() + ": " + e.getMessage(), e);
        }
    }
}
