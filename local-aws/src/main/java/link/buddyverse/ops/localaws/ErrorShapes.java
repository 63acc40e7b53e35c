package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * An AWS error as the request's own protocol spells it, so that the SDK parses it as it would AWS's:
 * error code, message, HTTP status, and for throttling a code in the SDK's list of throttling codes
 * ({@code Throttling}, {@code ThrottlingException}, {@code RequestLimitExceeded}) and, where AWS answers so, 429.
 */
public final class ErrorShapes {

    private static final String DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810#";

    private ErrorShapes() {
    }

    /** The service's own throttling error. */
    public static Answer throttling(Request request) {
        return switch (request.protocol()) {
            case JSON -> json(request, 400, "ThrottlingException", "Throttling", "Sender", "Rate exceeded");
            case QUERY, REST_XML -> query(request, 400, "Sender", "Throttling", "Rate exceeded");
            case EC2_QUERY -> ec2(503, "RequestLimitExceeded", "Request limit exceeded.");
            case REST_JSON -> restJson(429, "ThrottlingException", "Rate exceeded");
            case RPCV2_CBOR -> cbor(request, 400, "ThrottlingException", "Throttling", "Sender", "Rate exceeded");
        };
    }

    /** An internal failure on AWS's side (HTTP 500). */
    public static Answer serverError(Request request) {
        String message = "We encountered an internal error. Please try again.";
        return switch (request.protocol()) {
            case JSON -> json(request, 500, request.service().equals("dynamodb") ? "InternalServerError" : "InternalFailure",
                    "InternalFailure", "Receiver", message);
            case QUERY, REST_XML -> query(request, 500, "Receiver", "InternalFailure", message);
            case EC2_QUERY -> ec2(500, "InternalError", message);
            case REST_JSON -> restJson(500, "InternalServerError", message);
            case RPCV2_CBOR -> cbor(request, 500, "InternalFailure", "InternalFailure", "Receiver", message);
        };
    }

    /** A client error ({@code Sender}) in the request's protocol: {@code code} is the query error code. */
    public static Answer clientError(Request request, int status, String code, String message) {
        return switch (request.protocol()) {
            case JSON -> json(request, status, code, code, "Sender", message);
            case QUERY, REST_XML -> query(request, status, "Sender", code, message);
            case EC2_QUERY -> ec2(status, code, message);
            case REST_JSON -> restJson(status, code, message);
            case RPCV2_CBOR -> cbor(request, status, code, code, "Sender", message);
        };
    }

    static Answer json(Request request, int status, String shape, String queryCode, String type, String message) {
        ObjectNode body = Json.object();
        String qualified = request.service().equals("dynamodb") ? DYNAMODB_NAMESPACE + shape : shape;
        body.put("__type", qualified);
        body.put("message", message);
        return Answer.of(status, "application/x-amz-json-1.0", Json.bytes(body))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-ErrorType", shape)
                .withHeader("x-amzn-query-error", queryCode + ";" + type);
    }

    static Answer query(Request request, int status, String type, String code, String message) {
        String xml = "<ErrorResponse><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + Xml.escape(message)
                + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return Answer.text(status, "text/xml", xml).withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Answer ec2(int status, String code, String message) {
        String xml = "<Response><Errors><Error><Code>" + code + "</Code><Message>" + Xml.escape(message)
                + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>";
        return Answer.text(status, "text/xml", xml);
    }

    static Answer restJson(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("ErrorCode", code);
        body.put("Message", message);
        return Answer.of(status, "application/json", Json.bytes(body))
                .withHeader("x-amzn-ErrorType", code)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Answer cbor(Request request, int status, String shape, String queryCode, String type, String message) {
        ObjectNode body = Json.object();
        body.put("__type", CborBridge.namespace(request) + "#" + shape);
        body.put("message", message);
        return CborBridge.cborAnswer(status, body).withHeader("x-amzn-query-error", queryCode + ";" + type);
    }
}
