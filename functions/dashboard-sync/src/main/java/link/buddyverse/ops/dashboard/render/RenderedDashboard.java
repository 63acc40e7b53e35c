package link.buddyverse.ops.dashboard.render;

import java.util.List;

/**
 * One dashboard body as rendered from what exists now, with the counts CloudWatch's limits apply to.
 *
 * @param degradations how the body was split or summarised to stay within the limits, in words for the result
 */
public record RenderedDashboard(String name, String body, int widgets, int metrics, int largestWidgetMetrics, int bytes,
                                List<String> degradations) {

    public RenderedDashboard {
        degradations = List.copyOf(degradations);
    }

    public List<String> limitViolations() {
        return DashboardLimits.violations(widgets, metrics, largestWidgetMetrics, bytes);
    }
}
