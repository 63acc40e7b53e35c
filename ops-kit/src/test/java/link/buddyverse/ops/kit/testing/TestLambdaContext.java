package link.buddyverse.ops.kit.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A Lambda {@link Context} for tests: a fresh request id per instance, logs to stderr. */
public record TestLambdaContext(String awsRequestId, String functionName, int remainingMillis) implements Context {

    public TestLambdaContext(String awsRequestId, String functionName) {
        this(awsRequestId, functionName, 30_000);
    }

    public static TestLambdaContext of(String functionName) {
        return new TestLambdaContext(UUID.randomUUID().toString(), functionName);
    }

    /** An invocation with only {@code remainingMillis} left before Lambda's timeout. */
    public static TestLambdaContext withRemaining(String functionName, int remainingMillis) {
        return new TestLambdaContext(UUID.randomUUID().toString(), functionName, remainingMillis);
    }

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
        return "test";
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
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
