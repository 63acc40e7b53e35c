package link.buddyverse.ops.cli.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import link.buddyverse.ops.cli.Json;

/**
 * A static, offline HTML picture of a CloudWatch dashboard body: CloudWatch's 24-column grid with every widget at its
 * place and size, its title, its metrics (or alarms, query, text), and a sample line drawn from the metric data the
 * sandbox holds where it holds any. No script and no external resource: it opens from a file, in a report, in a
 * headless browser.
 */
public final class DashboardPreview {

    /** One dashboard: its name and body, as DashboardSyncFunction rendered or CloudWatch holds it. */
    public record Dashboard(String name, String body) {
    }

    /** Recent datapoints of one metric, oldest first; empty when the sandbox has none. */
    @FunctionalInterface
    public interface MetricData {
        List<Double> recent(String namespace, String metric, Map<String, String> dimensions, String stat);

        MetricData NONE = (namespace, metric, dimensions, stat) -> List.of();
    }

    private static final int ROW_PX = 34;
    // Sample lines for at most this many series a widget: the picture, not the data, is the point.
    private static final int SAMPLED_SERIES = 8;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

    private DashboardPreview() {
    }

    /** Writes {@code <name>.json} (the body) and {@code <name>.html} (the preview) of each, and {@code index.html}. */
    public static List<Path> write(Path directory, List<Dashboard> dashboards, MetricData data) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            StringBuilder index = new StringBuilder(page("Dashboard previews"));
            for (Dashboard dashboard : dashboards) {
                written.add(Files.writeString(directory.resolve(dashboard.name() + ".json"), dashboard.body()));
                written.add(Files.writeString(directory.resolve(dashboard.name() + ".html"), page(dashboard.name())
                        + section(dashboard, data) + "</body></html>\n"));
                index.append(section(dashboard, data));
            }
            written.add(Files.writeString(directory.resolve("index.html"), index + "</body></html>\n"));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the preview to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** One dashboard as an HTML fragment (for a page of its own or the demo report). */
    @SuppressWarnings("unchecked")
    public static String section(Dashboard dashboard, MetricData data) {
        Map<String, Object> body;
        try {
            body = (Map<String, Object>) Json.parse(dashboard.body());
        } catch (Json.MalformedJsonException | ClassCastException e) {
            return "<h2>" + escape(dashboard.name()) + "</h2><p class=\"bad\">The body is not a JSON object: " + escape(e.getMessage()) + "</p>";
        }
        List<Map<String, Object>> widgets = (List<Map<String, Object>>) body.getOrDefault("widgets", List.of());
        StringBuilder html = new StringBuilder();
        html.append("<h2>").append(escape(dashboard.name())).append(" <span class=\"sub\">").append(widgets.size())
                .append(" widgets, ").append(dashboard.body().length()).append(" bytes</span></h2>\n<div class=\"grid\">\n");
        for (Map<String, Object> widget : widgets) {
            int x = number(widget.get("x"));
            int y = number(widget.get("y"));
            int width = Math.max(1, number(widget.get("width")));
            int height = Math.max(1, number(widget.get("height")));
            Map<String, Object> properties = (Map<String, Object>) widget.getOrDefault("properties", Map.of());
            String type = String.valueOf(widget.get("type"));
            html.append(String.format(Locale.ROOT, "<div class=\"w %s\" style=\"grid-column:%d / span %d;grid-row:%d / span %d\">",
                    escape(type), x + 1, width, y + 1, height));
            switch (type) {
                case "metric" -> metricWidget(html, properties, data, width);
                case "text" -> html.append("<div class=\"md\">").append(markdown(String.valueOf(properties.get("markdown")))).append("</div>");
                case "alarm" -> alarmWidget(html, properties);
                case "log" -> html.append("<div class=\"t\">").append(escape(String.valueOf(properties.get("title"))))
                        .append("</div><div class=\"q\">").append(escape(String.valueOf(properties.get("query")))).append("</div>")
                        .append("<div class=\"none\">Logs Insights table: runs in CloudWatch, not in the sandbox</div>");
                default -> html.append("<div class=\"t\">").append(escape(type)).append(" widget</div>");
            }
            html.append("</div>\n");
        }
        return html.append("</div>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static void metricWidget(StringBuilder html, Map<String, Object> properties, MetricData data, int width) {
        String stat = String.valueOf(properties.getOrDefault("stat", "Average"));
        List<Object> metrics = (List<Object>) properties.getOrDefault("metrics", List.of());
        html.append("<div class=\"t\">").append(escape(String.valueOf(properties.get("title")))).append("</div>");
        List<String> labels = new ArrayList<>();
        List<List<Double>> series = new ArrayList<>();
        for (Object entry : metrics) {
            List<Object> parts = (List<Object>) entry;
            Map<String, Object> options = parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof Map<?, ?>) ? Map.of()
                    : (Map<String, Object>) parts.get(parts.size() - 1);
            if (options.containsKey("expression")) {
                labels.add("\u0192 " + options.getOrDefault("label", options.get("expression")));
                continue;
            }
            if (Boolean.FALSE.equals(options.get("visible"))) {
                continue;
            }
            int end = options.isEmpty() ? parts.size() : parts.size() - 1;
            Map<String, String> dimensions = new java.util.LinkedHashMap<>();
            for (int i = 2; i + 1 < end; i += 2) {
                dimensions.put(String.valueOf(parts.get(i)), String.valueOf(parts.get(i + 1)));
            }
            String label = String.valueOf(options.getOrDefault("label", parts.get(1) + " " + String.join(" ", dimensions.values())));
            labels.add(label);
            if (series.size() < SAMPLED_SERIES) {
                series.add(data.recent(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), dimensions,
                        String.valueOf(options.getOrDefault("stat", stat))));
            }
        }
        html.append(sparkline(series, width));
        html.append("<div class=\"m\">");
        for (int i = 0; i < Math.min(labels.size(), 12); i++) {
            html.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">\u25cf</span>")
                    .append(escape(labels.get(i))).append(' ');
        }
        if (labels.size() > 12) {
            html.append("<b>+").append(labels.size() - 12).append(" more</b>");
        }
        html.append("</div>");
    }

    private static String sparkline(List<List<Double>> series, int width) {
        double max = series.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (Double.isNaN(max)) {
            return "<div class=\"none\">no data in the sandbox</div>";
        }
        double min = Math.min(0, series.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).min().orElse(0));
        double span = max - min == 0 ? 1 : max - min;
        int w = width * 40;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"s\" viewBox=\"0 0 %d 80\" preserveAspectRatio=\"none\"><text x=\"2\" y=\"10\">%s</text>", w,
                String.format(Locale.ROOT, "%.4g", max)));
        for (int s = 0; s < series.size(); s++) {
            List<Double> values = series.get(s);
            if (values.isEmpty()) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                double px = values.size() == 1 ? w / 2.0 : i * (w - 4.0) / (values.size() - 1) + 2;
                double py = 76 - (values.get(i) - min) / span * 62;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[s % COLOURS.length])
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    @SuppressWarnings("unchecked")
    private static void alarmWidget(StringBuilder html, Map<String, Object> properties) {
        List<Object> alarms = (List<Object>) properties.getOrDefault("alarms", List.of());
        html.append("<div class=\"t\">").append(escape(String.valueOf(properties.get("title")))).append("</div><div class=\"m\">");
        for (Object arn : alarms) {
            String text = String.valueOf(arn);
            html.append("<span class=\"alarm\">").append(escape(text.substring(text.lastIndexOf(':') + 1))).append("</span> ");
        }
        html.append("</div>");
    }

    private static String markdown(String text) {
        StringBuilder html = new StringBuilder();
        for (String line : text.split("\n")) {
            String escaped = escape(line).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
            if (line.startsWith("|---")) {
                continue;
            }
            if (line.startsWith("#")) {
                int level = Math.min(4, line.indexOf(' ') < 0 ? 1 : line.indexOf(' '));
                html.append("<div class=\"h").append(level).append("\">").append(escaped.substring(Math.min(escaped.length(), level + 1)))
                        .append("</div>");
            } else if (line.startsWith("|")) {
                html.append("<div class=\"row\">").append(escaped.replace("|", " ").strip()).append("</div>");
            } else {
                html.append("<div>").append(escaped).append("</div>");
            }
        }
        return html.toString();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String page(String title) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>\n" + CSS
                + "</style></head><body>\n<p class=\"sub\">Offline preview of CloudWatch dashboard bodies rendered by DashboardSyncFunction;"
                + " sample lines from the sandbox's metric data where it holds any.</p>\n";
    }

    /** The preview's stylesheet, for pages that embed {@link #section}. */
    public static final String CSS = """
            body { font: 13px/1.4 -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #16191f;
                   margin: 16px 20px; background: #f2f3f3; }
            h2 { font-size: 17px; margin: 18px 0 8px; } .sub { color: #5f6b7a; font-weight: normal; font-size: 12px; }
            .grid { display: grid; grid-template-columns: repeat(24, 1fr); grid-auto-rows: %dpx; gap: 4px; }
            .w { background: #fff; border: 1px solid #d5dbdb; border-radius: 3px; padding: 4px 6px; overflow: hidden; }
            .w.text { background: #fafafa; } .t { font-weight: 600; font-size: 12.5px; white-space: nowrap; overflow: hidden;
                   text-overflow: ellipsis; } .m { font-size: 11px; color: #414d5c; margin-top: 2px; }
            .s { width: 100%%; height: 80px; display: block; } .s text { font-size: 9px; fill: #7d8998; }
            .none { color: #8d99a8; font-size: 11px; font-style: italic; margin: 6px 0; }
            .q { font-family: "DejaVu Sans Mono", monospace; font-size: 10.5px; color: #414d5c; white-space: pre-wrap; }
            .md .h1 { font-size: 15px; font-weight: 700; } .md .h2 { font-size: 14px; font-weight: 700; }
            .md .h3 { font-weight: 700; } .md .row { font-family: "DejaVu Sans Mono", monospace; font-size: 11px; }
            .alarm { display: inline-block; background: #e9f6ec; color: #1d6d2c; border-radius: 3px; padding: 0 6px; margin: 2px; }
            .bad { color: #b0221c; }
            """.formatted(ROW_PX);
}
