package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Smithy RPCv2 CBOR in front, the service's JSON protocol behind: what lets the SDK's CloudWatch client (which
 * since 2.30 speaks only CBOR, answered 404 by moto) work against moto. {@code POST /service/S/operation/O} with a
 * CBOR body becomes {@code POST /} with {@code X-Amz-Target: S.O} and the same document in JSON (blobs become
 * base64 text, timestamps epoch seconds, as the JSON protocol has them); moto's answer comes back in CBOR, its
 * errors as RPCv2 errors ({@code __type} with the service's namespace, the {@code x-amzn-query-error} header kept
 * for query-compatible services), timestamps as CBOR epoch-seconds (tag 1).
 */
public final class CborBridge {

    static final CBORMapper CBOR = new CBORMapper();
    private static final CBORFactory FACTORY = new CBORFactory();

    /**
     * Members that are timestamps in the services bridged (CloudWatch): written back as tag 1, whatever moto
     * wrote (epoch seconds or ISO-8601 text).
     */
    private static final Set<String> TIMESTAMPS = Set.of("AlarmConfigurationUpdatedTimestamp", "CreationDate",
            "EndDate", "EndTime", "ExpireDate", "LastModified", "LastUpdateDate", "LastUpdatedTimestamp", "StartDate",
            "StartTime", "StateTransitionedTimestamp", "StateUpdatedTimestamp", "Timestamp", "Timestamps");

    /**
     * moto's JSON errors carry the query-protocol code ({@code ResourceNotFound}); RPCv2 names the error shape
     * ({@code DashboardNotFoundError}), which is what the SDK maps to its exception class. CloudWatch's shapes by
     * code (its service model's {@code awsQueryError} traits); {@code ResourceNotFound} is DashboardNotFoundError
     * for the dashboard operations and ResourceNotFound for the alarm ones.
     */
    private static final Map<String, String> CLOUDWATCH_SHAPES = Map.of(
            "InvalidParameterInput", "DashboardInvalidInputError",
            "InternalServiceError", "InternalServiceFault",
            "InvalidFormat", "InvalidFormatFault",
            "InvalidParameterCombination", "InvalidParameterCombinationException",
            "InvalidParameterValue", "InvalidParameterValueException",
            "LimitExceeded", "LimitExceededFault",
            "MissingParameter", "MissingRequiredParameterException");

    private CborBridge() {
    }

    static JsonNode decode(byte[] cbor) {
        if (cbor.length == 0) {
            return Json.object();
        }
        try {
            return CBOR.readTree(cbor);
        } catch (IOException e) {
            throw new IllegalArgumentException("not CBOR: " + e.getMessage(), e);
        }
    }

    /** The request in the JSON protocol, sent on by {@code send}; the answer back in CBOR. */
    static Answer bridge(Request request, Function<Request, Answer> send) {
        String path = request.path();
        String[] parts = path.split("/");
        String targetPrefix = parts[2];
        JsonNode document = decode(request.body());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("smithy-protocol") && !lower.equals("content-type") && !lower.equals("accept")
                    && !lower.equals("x-amz-content-sha256")) {
                headers.put(name, values);
            }
        });
        headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
        headers.put("X-Amz-Target", List.of(targetPrefix + "." + request.operation()));
        headers.put("x-amzn-query-mode", List.of("true"));
        Request json = request.with("POST", "/", headers, Json.bytes(document));
        Answer answer = send.apply(json);
        return toCbor(request, answer);
    }

    private static Answer toCbor(Request request, Answer answer) {
        JsonNode body;
        try {
            body = answer.body().length == 0 ? Json.object() : Json.parse(answer.body());
        } catch (IllegalArgumentException notJson) {
            // moto's HTML error page for an operation it does not implement, say
            ObjectNode error = Json.object();
            error.put("__type", namespace(request) + "#InternalFailure");
            error.put("message", answer.bodyText().strip());
            return cborAnswer(answer.status() >= 400 ? answer.status() : 500, error);
        }
        if (answer.status() >= 300 && body instanceof ObjectNode error) {
            String type = error.path("__type").asText(answer.header("x-amzn-ErrorType") == null ? "InternalFailure"
                    : answer.header("x-amzn-ErrorType"));
            String code = type.contains("#") ? type.substring(type.indexOf('#') + 1) : type;
            code = code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
            String queryCode = code;
            code = shape(request, code);
            error.put("__type", namespace(request) + "#" + code);
            if (!error.has("message") && error.has("Message")) {
                error.set("message", error.get("Message"));
                error.remove("Message");
            }
            Answer cbor = cborAnswer(answer.status(), error);
            String queryError = answer.header("x-amzn-query-error");
            return cbor.withHeader("x-amzn-query-error", queryError != null ? queryError
                    : queryCode + ";" + (answer.status() >= 500 ? "Receiver" : "Sender"));
        }
        return cborAnswer(answer.status(), body).withHeader("x-amzn-RequestId",
                answer.header("x-amzn-RequestId") == null ? java.util.UUID.randomUUID().toString() : answer.header("x-amzn-RequestId"));
    }

    private static String shape(Request request, String code) {
        if (!request.service().equals("cloudwatch")) {
            return code;
        }
        if (code.equals("ResourceNotFound")) {
            return request.operation().contains("Dashboard") ? "DashboardNotFoundError" : "ResourceNotFound";
        }
        return CLOUDWATCH_SHAPES.getOrDefault(code, code);
    }

    /** The Smithy namespace of the service's shapes, as RPCv2 errors name their type. */
    static String namespace(Request request) {
        return "com.amazonaws." + request.service();
    }

    static Answer cborAnswer(int status, JsonNode body) {
        return Answer.of(status, "application/cbor", encode(body)).withHeader("smithy-protocol", "rpc-v2-cbor");
    }

    static byte[] encode(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, null, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(CBORGenerator generator, String member, JsonNode node) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                generator.writeFieldName(field.getKey());
                write(generator, field.getKey(), field.getValue());
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode item : node) {
                write(generator, member, item);
            }
            generator.writeEndArray();
        } else if (member != null && TIMESTAMPS.contains(member) && epochSeconds(node) != null) {
            generator.writeTag(1);
            BigDecimal seconds = epochSeconds(node);
            if (seconds.scale() <= 0 || seconds.stripTrailingZeros().scale() <= 0) {
                generator.writeNumber(seconds.longValue());
            } else {
                generator.writeNumber(seconds.doubleValue());
            }
        } else if (node.isBinary()) {
            generator.writeBinary(node.binaryValue());
        } else if (node.isTextual()) {
            generator.writeString(node.textValue());
        } else if (node.isBoolean()) {
            generator.writeBoolean(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            generator.writeNumber(node.longValue());
        } else if (node.isNumber()) {
            generator.writeNumber(node.doubleValue());
        } else {
            generator.writeNull();
        }
    }

    private static BigDecimal epochSeconds(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                Instant instant = OffsetDateTime.parse(node.textValue()).toInstant();
                return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
        return null;
    }
}
