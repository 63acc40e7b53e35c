package link.buddyverse.ops.bench.warm;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.scaling.ScalingTunerHandler;

/**
 * One warm container in one JVM: builds {@link ScalingTunerHandler} as Lambda does (no-argument constructor)
 * and invokes it N times with the same event and a fresh Context per call, timing each handleRequest.
 *
 * <p>Runs in a child JVM started by the harness with functions/scaling-tuner/target/scaling-tuner.jar first on
 * its classpath, so the code measured is the deployment jar's. The {@code without-fix} variant also does what
 * micronaut-function-aws' DefaultLambdaContextFactory does on every call (register the Context and its
 * LambdaLogger as singletons), which ops-kit's CurrentInvocation replaced: the drift it caused, reproduced.
 *
 * <p>Arguments: {@code fixed|without-fix <invocations> <event.json> <budget-seconds>}. Prints one line
 * {@code LATENCIES_NS n1,n2,...} on stdout, fewer than asked when the time budget ran out (the variant without
 * the fix slows down with every call); the function's own logs are encoded as usual and then discarded.
 */
public final class WarmDriftProbe {

    private WarmDriftProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean withoutFix = "without-fix".equals(args[0]);
        int invocations = Integer.parseInt(args[1]);
        byte[] eventJson = Files.readAllBytes(Path.of(args[2]));
        long deadline = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        PrintStream out = System.out;
        PrintStream err = System.err;

        ScalingTunerHandler handler = new ScalingTunerHandler();
        ApplicationContext context = handler.getApplicationContext();
        JsonNode event = context.getBean(JsonMapper.class).readValue(eventJson, JsonNode.class);

        // Logback's console appender looks System.err up on every write: the JSON lines are still encoded.
        System.setErr(new PrintStream(PrintStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        long[] nanos = new long[invocations];
        String lastStatus = null;
        int done = 0;
        try {
            for (int i = 0; i < invocations && System.nanoTime() < deadline; i++) {
                Context lambdaContext = new InvocationContext(UUID.randomUUID().toString());
                long start = System.nanoTime();
                if (withoutFix) {
                    context.registerSingleton(Context.class, lambdaContext);
                    context.registerSingleton(LambdaLogger.class, lambdaContext.getLogger());
                }
                OpsResult result = handler.handleRequest(event, lambdaContext);
                nanos[i] = System.nanoTime() - start;
                lastStatus = result.status();
                done++;
            }
        } finally {
            System.setErr(err);
        }
        if (!"skipped".equals(lastStatus)) {
            err.println("warm probe: expected the OK-state event to be skipped, got status " + lastStatus);
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
    private record InvocationContext(String awsRequestId) implements Context {

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
            return "/aws/lambda/ScalingTunerFunction";
        }

        @Override
        public String getLogStreamName() {
            return "2026/01/01/[$LATEST]bench";
        }

        @Override
        public String getFunctionName() {
            return "ScalingTunerFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:ap-northeast-2:123456789012:function:ScalingTunerFunction";
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
