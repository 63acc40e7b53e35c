package link.buddyverse.ops.bench.plain;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The few value helpers every plain twin needs (DynamoDB attributes, JSON string escaping, the environment),
 * kept here once; each plain jar carries this class beside its handler.
 */
final class PlainValues {

    private PlainValues() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    /** The inside of a JSON string: quotes, backslashes and newlines escaped. */
    static String json(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
