package link.buddyverse.ops.bench;

/** Groups class names into the buckets a start-up budget is argued in: the JDK, the SDK per service, each library. */
final class Packages {

    static final String JDK = "JDK (java, javax, jdk, sun)";
    static final String SDK_CORE = "software.amazon.awssdk (core)";
    static final String RIC = "com.amazonaws.services.lambda (RIC, core)";

    private Packages() {
    }

    static String of(String className) {
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.")) {
            return JDK;
        }
        if (className.startsWith("software.amazon.awssdk.services.")) {
            return prefix(className, 5);
        }
        if (className.startsWith("software.amazon.awssdk.")) {
            return SDK_CORE;
        }
        if (className.startsWith("com.amazonaws.lambda.thirdparty.")) {
            return "com.amazonaws.lambda.thirdparty (RIC's Jackson)";
        }
        if (className.startsWith("com.amazonaws.services.lambda.") || className.startsWith("lambdainternal.")) {
            return RIC;
        }
        if (className.startsWith("link.buddyverse.")) {
            return prefix(className, 4);
        }
        return prefix(className, 2);
    }

    private static String prefix(String className, int segments) {
        int end = -1;
        for (int i = 0; i < segments; i++) {
            int dot = className.indexOf('.', end + 1);
            if (dot < 0) {
                return end < 0 ? "(default package)" : className.substring(0, end);
            }
            end = dot;
        }
        return className.substring(0, end);
    }
}
