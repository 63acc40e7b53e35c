package link.buddyverse.ops.dashboard.action;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;
import io.micronaut.json.JsonMapper;
import java.util.Optional;
import link.buddyverse.ops.dashboard.DashboardSync;
import link.buddyverse.ops.dashboard.StackObserver;
import link.buddyverse.ops.dashboard.render.CanonicalJson;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
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
    private final StackObserver observer;
    private final CanonicalJson canonical;

    public PutDashboardExecutor(CloudWatchClient cloudWatch, StackObserver observer, JsonMapper jsonMapper) {
        this.cloudWatch = cloudWatch;
        this.observer = observer;
        this.canonical = new CanonicalJson(jsonMapper);
    }

    /** The fingerprint of the body CloudWatch holds now ("none" when there is no dashboard), as the plan took it. */
    @Override
    public Current current(PutDashboard action) {
        Optional<String> body = observer.currentBody(action.dashboardName());
        String reads = body.isEmpty() ? "none" : body.flatMap(canonical::of).map(DashboardSync::fingerprint).orElse("not-json");
        return Current.compare(reads, action.beforeSha256(), action.afterSha256());
    }

    @Override
    public Class<PutDashboard> actionType() {
        return PutDashboard.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("cloudwatch:PutDashboard", "cloudwatch:GetDashboard");
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
