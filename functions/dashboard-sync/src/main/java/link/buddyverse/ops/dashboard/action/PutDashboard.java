package link.buddyverse.ops.dashboard.action;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.dashboard.render.DashboardLimits;
import link.buddyverse.ops.kit.plan.Action;

/**
 * Writes one dashboard's whole body. The target is absolute (the body itself), so writing it twice leaves the same
 * dashboard. {@code before} and {@code after} are short fingerprints for results and Slack; the body travels in the
 * action so that a retry writes exactly what was planned.
 *
 * @param beforeSha256 the current body's canonical SHA-256 (first 12 hex digits), or {@code none} when there is no dashboard
 */
@Serdeable
public record PutDashboard(String dashboardName, String body, String beforeSha256, String afterSha256, int widgets,
                           int metrics, int largestWidgetMetrics, int bytes, String reason) implements Action {

    @Override
    public String resource() {
        return "dashboard/" + dashboardName;
    }

    @Override
    public String target() {
        return dashboardName;
    }

    @Override
    public String before() {
        return beforeSha256;
    }

    @Override
    public String after() {
        return afterSha256 + " (" + widgets + " widgets, " + metrics + " metrics, " + bytes + " bytes)";
    }

    @Override
    public Optional<String> boundsViolation() {
        List<String> broken = DashboardLimits.violations(widgets, metrics, largestWidgetMetrics, bytes);
        return broken.isEmpty() ? Optional.empty() : Optional.of("the body breaks CloudWatch's limits: " + String.join("; ", broken));
    }
}
