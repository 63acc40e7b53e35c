package link.buddyverse.ops.dashboard.action;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardInvalidInputErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardValidationMessage;
import software.amazon.awssdk.services.cloudwatch.model.PutDashboardResponse;

/**
 * PutDashboard, the function's only mutating call. CloudWatch checks the body and answers with validation messages:
 * errors refuse the write (InvalidParameterInput), warnings come with a write that succeeded but may not render in
 * part. Both are put in words in the outcome, each message with the JSON path it is about.
 */
@Singleton
public class PutDashboardExecutor implements ActionExecutor<PutDashboard> {

    private final CloudWatchClient cloudWatch;

    public PutDashboardExecutor(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    @Override
    public Class<PutDashboard> actionType() {
        return PutDashboard.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("cloudwatch:PutDashboard");
    }

    @Override
    public void execute(PutDashboard action) {
        executeAndReport(action);
    }

    @Override
    public String executeAndReport(PutDashboard action) {
        PutDashboardResponse response;
        try {
            response = cloudWatch.putDashboard(b -> b.dashboardName(action.dashboardName()).dashboardBody(action.body()));
        } catch (DashboardInvalidInputErrorException refused) {
            String messages = describe(refused.dashboardValidationMessages());
            if (messages.isEmpty()) {
                throw refused;
            }
            // Same type and status (not retryable), its message now carrying CloudWatch's validation messages.
            throw (DashboardInvalidInputErrorException) refused.toBuilder()
                    .message((refused.awsErrorDetails() == null ? refused.getMessage() : refused.awsErrorDetails().errorMessage())
                            + "; CloudWatch's validation messages: " + messages)
                    .build();
        }
        String warnings = describe(response.dashboardValidationMessages());
        return warnings.isEmpty() ? "" : "written, with CloudWatch's validation warnings: " + warnings;
    }

    private static String describe(List<DashboardValidationMessage> messages) {
        if (messages == null) {
            return "";
        }
        return messages.stream().map(m -> (m.dataPath() == null ? "" : m.dataPath() + ": ") + m.message())
                .collect(Collectors.joining("; "));
    }
}
