package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One call the gateway saw. {@code parameters} is the request's parameters as canonical JSON (keys sorted;
 * query-protocol parameters flat, as sent: {@code "Tags.member.1.Key"}), {@code digest} a SHA-256 of that text
 * (first 16 hex digits), so that two calls with the same parameters have the same digest.
 * {@code handledBy}: {@code moto}, {@code played}, {@code fault:throttle}, {@code fault:server-error},
 * {@code fault:drop-connection} (moto did the work, the answer was cut), {@code gateway} (its control API).
 */
public record Call(Instant time, String service, String operation, Protocol protocol, String digest, int status,
                   String parameters, String handledBy) {

    /** A top-level parameter as text ({@code null} when absent). */
    public String parameter(String name) {
        JsonNode node = Json.parse(parameters).get(name);
        return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
    }

    public boolean is(String service, String operation) {
        return Services.canonical(service).equals(this.service) && operation.equals(this.operation);
    }

    @Override
    public String toString() {
        return time + " " + service + "." + operation + " " + status + " (" + handledBy + ") " + digest + " " + parameters;
    }
}
