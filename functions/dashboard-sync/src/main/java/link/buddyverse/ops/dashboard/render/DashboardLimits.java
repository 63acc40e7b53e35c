package link.buddyverse.ops.dashboard.render;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch's limits on a dashboard body, and the one this function adds. Sources (functions/dashboard-sync/README.md
 * cites them in full): "Dashboard Body Structure and Syntax" (a body holds 0 to 500 widgets), CloudWatch service quotas
 * (500 metrics per dashboard widget, 2,500 metrics per dashboard across its widgets), the alarm status widget's
 * {@code alarms} property (at most 100 alarms), and metric math's SEARCH (at most 500 time series, only metrics with
 * data in the last two weeks).
 */
public final class DashboardLimits {

    public static final int MAX_WIDGETS = 500;
    public static final int MAX_METRICS_PER_WIDGET = 500;
    public static final int MAX_METRICS_PER_DASHBOARD = 2500;
    public static final int MAX_ALARMS_PER_WIDGET = 100;
    public static final int SEARCH_MAX_SERIES = 500;
    /**
     * Ours, not CloudWatch's: the plan (both bodies) is recorded on the event's item in the OpsState table before the
     * write, and a DynamoDB item holds at most 400 KB. 150,000 bytes a body keeps two bodies and the record under it.
     */
    public static final int MAX_BODY_BYTES = 150_000;

    private DashboardLimits() {
    }

    /** Each limit the counts break, in words; empty when the body is within every one. */
    public static List<String> violations(int widgets, int metrics, int largestWidgetMetrics, int bytes) {
        List<String> broken = new ArrayList<>();
        if (widgets > MAX_WIDGETS) {
            broken.add(widgets + " widgets (CloudWatch allows " + MAX_WIDGETS + " per dashboard)");
        }
        if (metrics > MAX_METRICS_PER_DASHBOARD) {
            broken.add(metrics + " metrics (CloudWatch allows " + MAX_METRICS_PER_DASHBOARD + " per dashboard)");
        }
        if (largestWidgetMetrics > MAX_METRICS_PER_WIDGET) {
            broken.add("a widget with " + largestWidgetMetrics + " metrics (CloudWatch allows " + MAX_METRICS_PER_WIDGET
                    + " per widget)");
        }
        if (bytes > MAX_BODY_BYTES) {
            broken.add(bytes + " bytes of body (this function records at most " + MAX_BODY_BYTES + " per dashboard)");
        }
        return broken;
    }
}
