package link.buddyverse.ops.cli.invoke;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * The error payload Lambda returns for a failed invocation, as {@code sam local invoke} prints it:
 * {@code {"errorType": ..., "errorMessage": ..., "stackTrace": [...], "cause": {...}}}. Written by hand
 * because this package may not depend on a JSON library.
 */
public final class LambdaError {

    private LambdaError() {
    }

    /** A platform error with no stack, such as {@code Sandbox.Timedout}. */
    public static String of(String errorType, String errorMessage) {
        return "{\"errorType\":" + quote(errorType) + ",\"errorMessage\":" + quote(errorMessage) + "}";
    }

    /** The error a function raised, with its stack and causes, as Lambda's Java runtime reports it. */
    public static String of(Throwable error) {
        StringBuilder json = new StringBuilder();
        append(json, unwrap(error), 0);
        return json.toString();
    }

    /** The function's own exception, not the reflection or class-initialisation wrapper around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof InvocationTargetException || current instanceof ExceptionInInitializerError
                || current instanceof UndeclaredThrowableException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static void append(StringBuilder json, Throwable error, int depth) {
        json.append("{\"errorType\":").append(quote(error.getClass().getName()))
                .append(",\"errorMessage\":").append(quote(error.getMessage() == null ? "" : error.getMessage()))
                .append(",\"stackTrace\":[");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            json.append(i == 0 ? "" : ",").append(quote(frames[i].toString()));
        }
        json.append(']');
        // Bounded: a cause cycle must not hang the runner.
        if (error.getCause() != null && error.getCause() != error && depth < 8) {
            json.append(",\"cause\":");
            append(json, error.getCause(), depth + 1);
        }
        json.append('}');
    }

    /** A JSON string literal. */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
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
