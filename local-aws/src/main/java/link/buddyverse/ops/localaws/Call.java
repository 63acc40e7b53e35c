package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One call the gateway saw. {@code parameters} is the request's parameters as canonical JSON (keys sorted;
 * query-protocol parameters flat, as sent: {@code "Tags.member.1.Key"}), {@code digest} a SHA-256 of that text
 * (first 16 hex digits), so that two calls with the same parameters have the same digest. Parameters longer than
 * 16 KiB (a CloudFormation template) are kept cut short; the digest is of all of them.
 * {@code handledBy}: {@code moto}, {@code played}, {@code fault:throttle}, {@code fault:server-error},
 * {@code fault:drop-connection} (moto did the work, the answer was cut), {@code gateway} (its control API).
 */
public record Call(Instant time, String service, String operation, Protocol protocol, String digest, int status,
                   String parameters, String handledBy) {

    /** A top-level parameter as text ({@code null} when absent). */
    public String parameter(String name) {
        JsonNode node;
        try {
            node = Json.parse(parameters).get(name);
        } catch (IllegalArgumentException cutShort) {
            return null;
        }
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
