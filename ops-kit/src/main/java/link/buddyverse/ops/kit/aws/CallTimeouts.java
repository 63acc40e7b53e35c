package link.buddyverse.ops.kit.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Gives every SDK call an API-call timeout (all attempts and their backoff) and an attempt timeout that fit in what
 * the invocation has left, so one hung call cannot use the whole invocation: the call fails in time for the event to be
 * marked failed (and retried) before Lambda ends it. Set per request in {@code modifyRequest}: the SDK reads the
 * request's override configuration after the interceptors ran ({@code BaseSyncClientHandler} executes
 * {@code interceptorContext().request()}), and a shorter timeout the caller set itself is kept.
 */
final class CallTimeouts implements ExecutionInterceptor {

    /** Left for recording the outcome after a call timed out. */
    static final long MARGIN_MILLIS = 1_500;
    /** No call is given less, however little time is left: a call that cannot finish fails fast instead. */
    static final long MIN_CALL_MILLIS = 500;
    /** Off Lambda, and the most any call is given. */
    static final long MAX_CALL_MILLIS = 20_000;
    /** The most one attempt is given: a hung connection leaves room for the SDK's next attempt. */
    static final long MAX_ATTEMPT_MILLIS = 5_000;

    private final RemainingTime remaining;

    CallTimeouts(RemainingTime remaining) {
        this.remaining = remaining;
    }

    /** The API-call timeout for a call made with {@code remainingMillis} left (negative: unknown). */
    static Duration apiCallTimeout(long remainingMillis) {
        long budget = remainingMillis < 0 ? MAX_CALL_MILLIS : remainingMillis - MARGIN_MILLIS;
        return Duration.ofMillis(Math.max(MIN_CALL_MILLIS, Math.min(MAX_CALL_MILLIS, budget)));
    }

    /** Each attempt at most half the call (so a hung first attempt leaves room for a second), within the cap. */
    static Duration attemptTimeout(Duration apiCall) {
        return Duration.ofMillis(Math.max(MIN_CALL_MILLIS, Math.min(MAX_ATTEMPT_MILLIS, apiCall.toMillis() / 2)));
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        if (!(context.request() instanceof AwsRequest request)) {
            return context.request();
        }
        Duration apiCall = apiCallTimeout(remaining.remainingMillis());
        Duration attempt = attemptTimeout(apiCall);
        AwsRequestOverrideConfiguration.Builder override = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder);
        AwsRequestOverrideConfiguration given = override.build();
        override.apiCallTimeout(shorter(given.apiCallTimeout().orElse(null), apiCall));
        override.apiCallAttemptTimeout(shorter(given.apiCallAttemptTimeout().orElse(null), attempt));
        return request.toBuilder().overrideConfiguration(override.build()).build();
    }

    private static Duration shorter(Duration given, Duration ours) {
        return given == null || given.compareTo(ours) > 0 ? ours : given;
    }
}
