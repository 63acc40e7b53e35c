package link.buddyverse.ops.cli.invoke;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda {@link Context} of one local invocation. Names come from the variables Lambda sets in the
 * container ({@code AWS_LAMBDA_FUNCTION_NAME}...), which the CLI sets for the child JVM; the remaining time
 * counts down from the function's Timeout.
 */
final class LocalContext implements Context {

    /** The account id SAM local reports too ({@code AWS::AccountId}). */
    static final String ACCOUNT_ID = "123456789012";

    private final String requestId;
    private final long deadlineMillis;

    LocalContext(String requestId, long deadlineMillis) {
        this.requestId = requestId;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + getFunctionName());
    }

    @Override
    public String getLogStreamName() {
        return env("AWS_LAMBDA_LOG_STREAM_NAME", "local");
    }

    @Override
    public String getFunctionName() {
        return env("AWS_LAMBDA_FUNCTION_NAME", "local");
    }

    @Override
    public String getFunctionVersion() {
        return env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + env("AWS_REGION", "ap-northeast-2") + ":" + ACCOUNT_ID + ":function:" + getFunctionName();
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
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
    }

    @Override
    public LambdaLogger getLogger() {
        return StderrLogger.INSTANCE;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    /** Lambda's LambdaLogger writes to the function's log stream as is, with no newline added; here, stderr. */
    static final class StderrLogger implements LambdaLogger {

        static final StderrLogger INSTANCE = new StderrLogger();

        @Override
        public void log(String message) {
            System.err.print(message);
            System.err.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
