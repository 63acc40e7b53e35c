package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

/** The same gateway driven over HTTP, as the sandbox's drills do when the gateway runs in a JVM of its own. */
@ExtendWith(LocalMoto.class)
class ControlApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(Gateway gateway, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.endpoint() + Gateway.CONTROL + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void faultsScriptsCallsAndResetOverHttp(Gateway gateway) throws Exception {
        String instance = Instances.managed(gateway, 1).get(0);
        gateway.calls().clear();
        assertThat(call(gateway, "POST", "faults",
                "{\"service\":\"dynamodb\",\"operation\":\"ListTables\",\"kind\":\"throttle\",\"nextCalls\":1}").statusCode())
                .isEqualTo(204);
        assertThat(call(gateway, "PUT", "run-command/" + instance, "{\"status\":\"Failed\",\"error\":\"boom\",\"responseCode\":2}")
                .statusCode()).isEqualTo(204);
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway);
             SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            assertThat(call(gateway, "GET", "", null).body()).contains("fault:throttle on dynamodb.ListTables");
            assertThat(dynamo.listTables().tableNames()).isEmpty();   // throttled once, retried by the SDK
            String id = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(instance)).command().commandId();
            assertThat(ssm.getCommandInvocation(r -> r.commandId(id).instanceId(instance)).status())
                    .isEqualTo(CommandInvocationStatus.FAILED);

            JsonNode status = Json.parse(call(gateway, "GET", "", null).body());
            assertThat(status.path("gateway").asText()).isEqualTo(Gateway.IDENTITY);
            assertThat(status.path("faults")).isEmpty();   // spent
            JsonNode calls = Json.parse(call(gateway, "GET", "calls", null).body());
            assertThat(calls.get(0).path("service").asText()).isEqualTo("dynamodb");
            assertThat(calls.get(0).path("handledBy").asText()).isEqualTo("fault:throttle");

            assertThat(call(gateway, "POST", "reset", null).statusCode()).isEqualTo(204);
            assertThat(dynamo.listTables().tableNames()).isEmpty();
            assertThat(gateway.calls().all()).hasSize(1);
        }
    }
}
