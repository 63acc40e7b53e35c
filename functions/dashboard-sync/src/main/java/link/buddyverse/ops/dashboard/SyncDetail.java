package link.buddyverse.ops.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What DashboardSyncFunction reports besides its plan (the result's {@code detail}): per dashboard, whether it changed,
 * its size against CloudWatch's limits, how it was split or summarised, and in dry-run the body it would write.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncDetail(List<DashboardView> dashboards) {

    /**
     * @param state        {@code unchanged}, {@code changed} or {@code created}
     * @param body         the rendered body, in dry-run only (a real run writes it and reports its fingerprint)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DashboardView(String name, String state, String sha256, int widgets, int metrics, int bytes,
                                List<String> degradations, List<String> limitViolations, @Nullable String body) {
    }
}
