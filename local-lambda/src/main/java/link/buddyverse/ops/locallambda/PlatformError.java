package link.buddyverse.ops.locallambda;

/**
 * The error payloads Lambda itself answers with, when the function could not: {@code Sandbox.Timedout},
 * {@code Runtime.ExitError}, {@code InvalidRequestContentException}. Errors the function raised come back as the
 * runtime interface client posted them, untouched.
 */
public final class PlatformError {

    private PlatformError() {
    }

    /** {@code {"errorType": ..., "errorMessage": ...}}. */
    public static String json(String errorType, String errorMessage) {
        return "{\"errorType\":" + quote(errorType) + ",\"errorMessage\":" + quote(errorMessage) + "}";
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
