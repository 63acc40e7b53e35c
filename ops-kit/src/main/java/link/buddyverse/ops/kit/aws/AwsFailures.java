package link.buddyverse.ops.kit.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which AWS failures a retry can fix. Throttling, 5xx answers and failures to get an answer at all (timeouts,
 * dropped connections) pass; AWS's 4xx refusals (validation, a resource that does not exist, access denied)
 * give the same answer on every retry, so retrying them only delays the dead-letter queue.
 */
public final class AwsFailures {

    private AwsFailures() {
    }

    public static boolean retryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException service) {
                return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429;
            }
            if (cause instanceof SdkClientException) {
                return true;
            }
        }
        return false;
    }
}
