package link.buddyverse.ops.bench.warm;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One warm container in one JVM: builds the function's handler as Lambda does (its no-argument constructor,
 * found by name) and invokes it N times with the same event and a fresh Context per call, timing each
 * handleRequest. Any function whose handler is a {@code MicronautRequestHandler<JsonNode, ?>} (every ops-kit
 * function, before and after ops-kit v2): nothing here names a function's classes.
 *
 * <p>Runs in a child JVM started by the harness with the function's deployment jar first on its classpath, so
 * the code measured is the deployment jar's. The {@code without-fix} variant also does what
 * micronaut-function-aws' DefaultLambdaContextFactory does on every call (register the Context and its
 * LambdaLogger as singletons), which ops-kit's CurrentInvocation replaced: the drift it caused, reproduced.
 *
 * <p>Arguments: {@code <handler class> fixed|without-fix <invocations> <event.json> <budget-seconds> <status>}.
 * Prints one line {@code LATENCIES_NS n1,n2,...} on stdout, fewer than asked when the time budget ran out; exits
 * 2 when the last answer's status is not the expected one. The function's own logs are encoded as usual and
 * then discarded.
 */
public final class WarmDriftProbe {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]*)\"");

    private WarmDriftProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        boolean withoutFix = "without-fix".equals(args[1]);
        int invocations = Integer.parseInt(args[2]);
        byte[] eventJson = Files.readAllBytes(Path.of(args[3]));
        long deadline = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        String expectedStatus = args[5];
        PrintStream out = System.out;
        PrintStream err = System.err;

        MicronautRequestHandler<JsonNode, Object> handler = (MicronautRequestHandler<JsonNode, Object>)
                Class.forName(handlerClass).getConstructor().newInstance();
        ApplicationContext context = handler.getApplicationContext();
        JsonMapper mapper = context.getBean(JsonMapper.class);
        JsonNode event = mapper.readValue(eventJson, JsonNode.class);
        String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "bench");

        // Logback's console appender looks System.err up on every write: the JSON lines are still encoded.
        System.setErr(new PrintStream(PrintStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        long[] nanos = new long[invocations];
        Object last = null;
        int done = 0;
        try {
            for (int i = 0; i < invocations && System.nanoTime() < deadline; i++) {
                Context lambdaContext = new InvocationContext(UUID.randomUUID().toString(), functionName);
                long start = System.nanoTime();
                if (withoutFix) {
                    context.registerSingleton(Context.class, lambdaContext);
                    context.registerSingleton(LambdaLogger.class, lambdaContext.getLogger());
                }
                last = handler.handleRequest(event, lambdaContext);
                nanos[i] = System.nanoTime() - start;
                done++;
            }
        } finally {
            System.setErr(err);
        }
        String answer = last == null ? "(no answer)" : mapper.writeValueAsString(last);
        Matcher status = STATUS.matcher(answer);
        if (!status.find() || !status.group(1).equals(expectedStatus)) {
            err.println("warm probe: expected the warm event to be " + expectedStatus + ", got " + answer);
            System.exit(2);
        }
        StringBuilder line = new StringBuilder(done * 7).append("LATENCIES_NS ");
        for (int i = 0; i < done; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(nanos[i]);
        }
        out.println(line);
        out.flush();
        context.close();
        System.exit(0);
    }

    /** What Lambda's runtime passes: a new object per invocation, with its own request id. */
    private record InvocationContext(String awsRequestId, String functionName) implements Context {

        private static final LambdaLogger LOGGER = new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.print(new String(message, StandardCharsets.UTF_8));
            }
        };

        @Override
        public String getAwsRequestId() {
            return awsRequestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "2026/01/01/[$LATEST]bench";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:ap-northeast-2:123456789012:function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return LOGGER;
        }
    }
}
