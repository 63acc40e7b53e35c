package link.buddyverse.ops.incident.startup;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start in this fresh JVM, on a deployment jar alone: construct the handler (Lambda's init), then
 * decode the event and invoke it once. Prints {@code COLD <initMs> <invokeMs> <result>} on stdout. Given a
 * priming class, init also runs its {@code prime()}, as SnapStart does before its snapshot: the invoke then
 * shows what a restored function pays (minus the JIT state a snapshot would also keep).
 * Usage: {@code java -cp <function.jar>:<these classes> ...ColdInvoke <handler class> <event file> [priming class]}.
 */
public final class ColdInvoke {

    private ColdInvoke() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long start = System.nanoTime();
        MicronautRequestHandler<JsonNode, Object> handler = (MicronautRequestHandler<JsonNode, Object>)
                Class.forName(args[0]).getConstructor().newInstance();
        if (args.length > 2) {
            Object priming = handler.getApplicationContext().getBean(Class.forName(args[2]));
            priming.getClass().getMethod("prime").invoke(priming);
        }
        long initialised = System.nanoTime();
        JsonNode input = handler.getApplicationContext().getBean(JsonMapper.class).readValue(event, JsonNode.class);
        Object result = handler.handleRequest(input, new BenchContext());
        String encoded = handler.getApplicationContext().getBean(JsonMapper.class).writeValueAsString(result);
        long invoked = System.nanoTime();
        System.out.println("COLD " + (initialised - start) / 1e6 + " " + (invoked - initialised) / 1e6 + " " + encoded);
        System.out.flush();
        System.exit(0);
    }

    /** The Lambda context of the one invocation. */
    static final class BenchContext implements Context {
        public String getAwsRequestId() {
            return "00000000-0000-4000-8000-000000000001";
        }

        public String getLogGroupName() {
            return "/aws/lambda/bench";
        }

        public String getLogStreamName() {
            return "bench";
        }

        public String getFunctionName() {
            return "bench";
        }

        public String getFunctionVersion() {
            return "$LATEST";
        }

        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:ap-northeast-2:123456789012:function:bench";
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        public int getMemoryLimitInMB() {
            return 1024;
        }

        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) {
                    System.err.print(message);
                }

                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
