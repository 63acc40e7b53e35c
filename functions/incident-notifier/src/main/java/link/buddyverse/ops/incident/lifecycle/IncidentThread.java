package link.buddyverse.ops.incident.lifecycle;

import java.time.Duration;

/** The lines of an incident's Slack thread, in Slack mrkdwn: what fired, what each function did, when it cleared. */
public final class IncidentThread {

    private IncidentThread() {
    }

    public static String action(ActionEntry action) {
        StringBuilder line = new StringBuilder()
                .append(statusEmoji(action.status())).append(" *").append(escape(action.function())).append("* ")
                .append(verb(action.status())).append(" `").append(escape(action.action())).append("` on `")
                .append(escape(action.target())).append('`');
        if (action.before() != null && action.after() != null) {
            line.append(": ").append(escape(action.before())).append(" → ").append(escape(action.after()));
        }
        if (action.reason() != null && !action.reason().isBlank()) {
            line.append("\n>").append(escape(truncate(action.reason(), 600)));
        }
        if (action.detail() != null && !action.detail().isBlank() && !"applied".equals(action.status())) {
            line.append("\n_").append(escape(truncate(action.detail(), 600))).append('_');
        }
        return line.toString();
    }

    /** A function's "critical:" warning, in the thread of the incident it raised. */
    public static String critical(String function, String warning) {
        return ":rotating_light: *" + escape(function) + "*: " + escape(truncate(warning, 1200));
    }

    /** One line for the "actions taken" section of the message. */
    public static String actionSummary(ActionEntry action) {
        StringBuilder line = new StringBuilder().append(statusEmoji(action.status())).append(' ')
                .append(escape(action.function().replace("Function", ""))).append(": `").append(escape(action.action()))
                .append("` ").append(escape(action.target()));
        if (action.before() != null && action.after() != null) {
            line.append(' ').append(escape(action.before())).append(" → ").append(escape(action.after()));
        }
        line.append(" (").append(action.status()).append(')');
        return line.toString();
    }

    public static String resolved(Incident incident, String why) {
        return ":white_check_mark: *Resolved* after " + duration(incident.duration(incident.resolvedAt()))
                + (why == null || why.isBlank() ? "" : "\n>" + escape(truncate(why, 1500)));
    }

    public static String reopened(Incident incident, Duration sinceResolved, String why) {
        return ":repeat: *Fired again* " + duration(sinceResolved) + " after it cleared: reopened (flap "
                + incident.reopenCount() + ")" + (why == null || why.isBlank() ? "" : "\n>" + escape(truncate(why, 1500)));
    }

    public static String insufficientData(String why) {
        return ":white_circle: _The alarm has insufficient data_" + (why == null || why.isBlank() ? "" : ": " + escape(truncate(why, 600)));
    }

    public static String resourceEvent(String source, String message) {
        return ":memo: " + (source == null ? "" : "`" + escape(source) + "` ") + escape(truncate(message, 1500));
    }

    public static String statusEmoji(String status) {
        switch (status) {
            case "applied":
                return ":white_check_mark:";
            case "dry-run":
                return ":test_tube:";
            case "skipped":
                return ":fast_forward:";
            default:
                return ":x:";
        }
    }

    private static String verb(String status) {
        switch (status) {
            case "applied":
                return "applied";
            case "dry-run":
                return "would apply (dry run)";
            case "skipped":
                return "skipped";
            default:
                return "failed to apply";
        }
    }

    /** 45s, 12m 30s, 2h 05m, 3d 04h. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m " + String.format("%02ds", seconds % 60);
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + "h " + String.format("%02dm", (seconds % 3600) / 60);
        }
        return (seconds / 86_400) + "d " + String.format("%02dh", (seconds % 86_400) / 3600);
    }

    /** Slack mrkdwn treats &, < and > as control characters. */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
