package link.buddyverse.ops.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import link.buddyverse.ops.cli.demo.Timeline.Entry;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.cli.demo.Timeline.Sample;
import link.buddyverse.ops.localslack.SlackChannelHtml;

/**
 * The demo as one HTML page that opens offline: the drills and their outcome, the group's capacity over the
 * demo as an inline SVG chart, the whole timeline, and the gaps of moto the sandbox filled. No script, no
 * external resource.
 */
final class HtmlReport {

    private static final int WIDTH = 1160;
    private static final int HEIGHT = 330;
    private static final int LEFT = 44;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 70;

    private HtmlReport() {
    }

    static Path write(Path file, Demo.Run run) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, html(run));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report " + file + ": " + e.getMessage(), e);
        }
    }

    static String html(Demo.Run run) {
        StringBuilder page = new StringBuilder();
        long failed = run.results().stream().filter(r -> r.outcome() == DrillResult.Outcome.FAILED).count();
        long passed = run.results().stream().filter(r -> r.outcome() == DrillResult.Outcome.PASSED).count();
        long pending = run.results().stream().filter(r -> r.outcome() == DrillResult.Outcome.PENDING).count();
        page.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>buddyverse-ops demo</title>\n<style>\n")
                .append(CSS).append(SlackChannelHtml.CSS).append("</style></head><body>\n");
        page.append("<h1>buddyverse-ops demo <span class=\"verdict ").append(failed == 0 ? "ok" : "bad").append("\">")
                .append(failed == 0 ? "all drills passed" : failed + " drill(s) failed").append("</span></h1>\n");
        page.append("<p class=\"sub\">The owners' drills replayed through the real function handlers, against the Buddyverse stack in a"
                + " local sandbox (moto). ").append(passed).append(" passed, ").append(failed).append(" failed, ").append(pending)
                .append(" pending; ").append(run.invocations()).append(" function invocations; ")
                .append(String.format(Locale.ROOT, "%.1f s", run.millis() / 1000.0)).append(". ")
                .append(escape(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))).append("</p>\n");

        page.append("<table class=\"drills\"><tr><th>drill</th><th>outcome</th><th>what happened</th><th>invocations</th><th>time</th></tr>\n");
        for (DrillResult result : run.results()) {
            page.append("<tr><td>").append(escape(result.title())).append("</td><td><span class=\"pill ")
                    .append(result.outcome().name().toLowerCase(Locale.ROOT)).append("\">").append(result.outcome().name().toLowerCase(Locale.ROOT))
                    .append("</span></td><td>").append(escape(result.summary())).append("</td><td class=\"num\">").append(result.invocations())
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f s", result.millis() / 1000.0)).append("</td></tr>\n");
        }
        page.append("</table>\n");

        page.append("<h2>Buddy-AutoScaling-Group over the demo</h2>\n").append(chart(run.timeline())).append('\n');

        List<Timeline.SlackStory> stories = run.timeline().slackStories();
        if (!stories.isEmpty()) {
            page.append("<h2>What Slack showed, drill by drill</h2>\n<p class=\"sub\">IncidentNotifierFunction's messages as a person in"
                    + " the channel saw them after each drill (rendered from their Block Kit JSON): the incident, its edits over time"
                    + " (folded under \"earlier versions\"), and its thread. \"Open in Block Kit Builder\" shows a message in Slack's"
                    + " own renderer.</p>\n");
            for (Timeline.SlackStory story : stories) {
                page.append("<h3 id=\"slack-").append(slug(story.drill())).append("\">").append(escape(story.drill())).append("</h3>\n")
                        .append(SlackChannelHtml.channels(story.channels()))
                        .append('\n');
            }
        }

        page.append("<h2>Timeline</h2>\n<table class=\"timeline\">\n");
        String drill = null;
        for (Entry entry : run.timeline().entries()) {
            if (entry.kind() == Kind.DRILL) {
                drill = entry.drill();
                page.append("<tr class=\"drill\"><td class=\"num\">").append(seconds(entry.millis())).append("</td><td colspan=\"2\">")
                        .append(escape(entry.text())).append("</td></tr>\n");
                continue;
            }
            page.append("<tr><td class=\"num\">").append(seconds(entry.millis())).append("</td><td><span class=\"kind ")
                    .append(entry.kind().name().toLowerCase(Locale.ROOT)).append("\">").append(escape(entry.kind().label()))
                    .append("</span></td><td>").append(escape(entry.text()));
            if (!entry.details().isEmpty()) {
                page.append("<div class=\"details\">");
                for (String detail : entry.details()) {
                    page.append(escape(detail)).append("<br>");
                }
                page.append("</div>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</table>\n");
        if (drill == null) {
            page.append("<p>No drill ran.</p>\n");
        }

        for (Timeline.Attachment attachment : run.timeline().attachments()) {
            // A document of its own (srcdoc): the attachment's styles cannot leak into the report's, nor the reverse.
            page.append("<h2>").append(escape(attachment.drill() + ": " + attachment.title())).append("</h2>\n")
                    .append("<iframe class=\"attachment\" srcdoc=\"").append(escape(attachment.html())).append("\"></iframe>\n");
        }
        page.append("<h2>Where the sandbox stands in for AWS</h2>\n<p>Entries marked <span class=\"kind aws_part\">aws's part</span>"
                + " are what AWS would do by itself that moto does not model; the drills play them in one place"
                + " (<code>tools/ops-cli/.../demo/AwsPart.java</code>). What moto's CloudFormation could not take, the sandbox"
                + " filled as follows (local-aws/README.md lists every gap):</p>\n<ul class=\"fills\">\n");
        for (String fill : run.fills()) {
            page.append("<li>").append(escape(fill)).append("</li>\n");
        }
        page.append("</ul>\n<p class=\"sub\">Run it again: <code>./ops demo</code> (the report is written to target/demo/report.html).</p>\n");
        page.append("</body></html>\n");
        return page.toString();
    }

    /** The group's desired capacity, instances in service and MaxSize as step lines over the demo's time. */
    static String chart(Timeline timeline) {
        List<Sample> samples = timeline.samples();
        if (samples.isEmpty()) {
            return "<p>No drill observed the group.</p>";
        }
        List<Entry> entries = timeline.entries();
        long end = Math.max(entries.isEmpty() ? 1 : entries.get(entries.size() - 1).millis(), samples.get(samples.size() - 1).millis()) + 500;
        long begin = samples.get(0).millis() - 500;
        int top = samples.stream().mapToInt(s -> Math.max(s.max(), Math.max(s.desired(), s.inService()))).max().orElse(4) + 1;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        java.util.function.LongToDoubleFunction x = t -> LEFT + plotWidth * (t - begin) / (double) (end - begin);
        java.util.function.IntToDoubleFunction y = v -> TOP + plotHeight * (1 - v / (double) top);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"group capacity over the demo\">\n");

        // One band per drill, from its first entry to the next drill's.
        Map<String, long[]> bands = new LinkedHashMap<>();
        java.util.Set<String> drills = new java.util.HashSet<>();
        entries.stream().filter(e -> e.kind() == Kind.DRILL && !e.drill().equals("Sandbox")).forEach(e -> drills.add(e.drill()));
        for (Entry entry : entries) {
            if (drills.contains(entry.drill())) {
                bands.computeIfAbsent(entry.drill(), d -> new long[] {entry.millis(), entry.millis()})[1] = entry.millis();
            }
        }
        int band = 0;
        List<String> names = new ArrayList<>(bands.keySet());
        for (int i = 0; i < names.size(); i++) {
            long from = Math.max(begin, bands.get(names.get(i))[0]);
            long to = i + 1 < names.size() ? bands.get(names.get(i + 1))[0] : end;
            if (to <= begin) {
                continue;
            }
            double x0 = x.applyAsDouble(from);
            double x1 = x.applyAsDouble(to);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                    x0, TOP, Math.max(0, x1 - x0), plotHeight, band++ % 2 == 0 ? "#f3f6fa" : "#ffffff"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"band\">%s</text>\n", x0 + 4, TOP - 8,
                    escape(shorten(names.get(i), (int) ((x1 - x0) / 6.5)))));
        }
        for (int v = 0; v <= top; v++) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%d</text>\n",
                    LEFT, WIDTH - RIGHT, y.applyAsDouble(v), y.applyAsDouble(v), LEFT - 8, y.applyAsDouble(v) + 4, v));
        }
        long step = niceStep((end - begin) / 1000.0);
        for (long s = ((begin / 1000) / step + 1) * step; s * 1000 < end; s += step) {
            double at = x.applyAsDouble(s * 1000);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">%ds</text>\n",
                    at, at, TOP + plotHeight, TOP + plotHeight + 5, at, TOP + plotHeight + 18, s));
        }
        for (Entry entry : entries) {
            if (entry.kind() == Kind.FUNCTION && entry.millis() >= begin) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"lambda\" text-anchor=\"middle\">λ<title>%s</title></text>\n",
                        x.applyAsDouble(entry.millis()), TOP + plotHeight + 36, escape(entry.text())));
            }
        }
        // Drawn apart by a few pixels, so that equal values stay visible side by side.
        svg.append(stepLine(samples, end, x, y, Sample::desired, "desired", 0));
        svg.append(stepLine(samples, end, x, y, Sample::inService, "inservice", 3));
        svg.append(stepLine(samples, end, x, y, Sample::max, "max", -3));
        for (Entry entry : entries) {
            // An instance replaced leaves the counts as they were: marked on the line, or it would not show.
            if (entry.kind() == Kind.CHANGE && entry.millis() >= begin && entry.details().stream().anyMatch(d -> d.startsWith("gone"))
                    && entry.details().stream().anyMatch(d -> d.startsWith("launched"))) {
                int inService = samples.stream().filter(sample -> sample.millis() <= entry.millis())
                        .reduce((first, second) -> second).map(Sample::inService).orElse(0);
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" class=\"replaced\"><title>%s</title></circle>\n",
                        x.applyAsDouble(entry.millis()), y.applyAsDouble(inService) + 3, escape(entry.text() + ": " + String.join("; ", entry.details()))));
            }
        }
        svg.append(String.format(Locale.ROOT, "<g class=\"legend\" transform=\"translate(%d,%d)\">"
                + "<line x1=\"0\" x2=\"22\" y1=\"0\" y2=\"0\" class=\"desired\"/><text x=\"28\" y=\"4\">desired capacity</text>"
                + "<line x1=\"140\" x2=\"162\" y1=\"0\" y2=\"0\" class=\"inservice\"/><text x=\"168\" y=\"4\">instances in service</text>"
                + "<line x1=\"310\" x2=\"332\" y1=\"0\" y2=\"0\" class=\"max\"/><text x=\"338\" y=\"4\">MaxSize</text>"
                + "<circle cx=\"425\" cy=\"0\" r=\"5\" class=\"replaced\"/><text x=\"436\" y=\"4\">instance replaced</text>"
                + "<text x=\"565\" y=\"5\" class=\"lambda\">λ</text><text x=\"579\" y=\"4\">function invoked (hover for what it did)</text></g>\n",
                LEFT, HEIGHT - 8));
        svg.append("</svg>");
        return svg.toString();
    }

    private static String stepLine(List<Sample> samples, long end, java.util.function.LongToDoubleFunction x,
                                   java.util.function.IntToDoubleFunction y, java.util.function.ToIntFunction<Sample> value,
                                   String cssClass, double offset) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            double level = y.applyAsDouble(value.applyAsInt(sample)) + offset;
            double from = x.applyAsDouble(sample.millis());
            double to = x.applyAsDouble(i + 1 < samples.size() ? samples.get(i + 1).millis() : end);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", from, level, to, level));
        }
        return "<polyline class=\"" + cssClass + "\" points=\"" + points.toString().strip() + "\"/>\n";
    }

    private static long niceStep(double seconds) {
        for (long step : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300}) {
            if (seconds / step <= 14) {
                return step;
            }
        }
        return 600;
    }

    private static String shorten(String text, int characters) {
        if (characters < 4) {
            return "";
        }
        return text.length() <= characters ? text : text.substring(0, Math.max(1, characters - 1)) + "…";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** An anchor for a drill's section: {@code report.html#slack-cpu-stress-2-4-2}. */
    static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1d2733;
                   margin: 24px 32px; max-width: 1200px; }
            h1 { font-size: 22px; margin: 0 0 4px; }
            h2 { font-size: 16px; margin: 28px 0 8px; }
            .sub { color: #5b6776; margin: 0 0 14px; }
            .verdict { font-size: 13px; padding: 3px 10px; border-radius: 12px; vertical-align: middle; margin-left: 8px; }
            .verdict.ok { background: #dff3e4; color: #17612c; } .verdict.bad { background: #fbe1e1; color: #9b1c1c; }
            table { border-collapse: collapse; width: 100%; }
            th { text-align: left; font-weight: 600; color: #5b6776; border-bottom: 1px solid #d8dee6; padding: 4px 8px; }
            td { padding: 3px 8px; vertical-align: top; border-bottom: 1px solid #eef1f5; }
            td.num { text-align: right; white-space: nowrap; color: #5b6776; font-variant-numeric: tabular-nums; width: 1%; }
            .pill, .kind { display: inline-block; font-size: 12px; padding: 0 8px; border-radius: 10px; white-space: nowrap; }
            .pill.passed, .kind.pass { background: #dff3e4; color: #17612c; }
            .pill.failed, .kind.fail { background: #fbe1e1; color: #9b1c1c; font-weight: 600; }
            .pill.pending, .kind.pending { background: #eceff3; color: #5b6776; }
            .kind.function { background: #dff0f7; color: #0b5873; } .kind.aws_part { background: #fff1d6; color: #7a4b00; }
            .kind.aws { background: #e4e9fb; color: #2b3f8f; } .kind.change { background: #f1e4f7; color: #6b2a86; }
            .kind.action { background: #e8e2d8; color: #5a4325; } .kind.note { background: #f3f4f6; color: #5b6776; }
            .kind.slack { background: #f4e3f1; color: #611f69; }
            tr.drill td { font-weight: 600; padding-top: 14px; border-bottom: 1px solid #d8dee6; }
            .details { color: #5b6776; font-size: 12.5px; margin-top: 2px; font-family: "DejaVu Sans Mono", Menlo, monospace; }
            .chart { border: 1px solid #e3e8ee; border-radius: 6px; background: #fff; max-width: 100%; height: auto; }
            .chart .grid { stroke: #e9edf2; } .chart .tick { stroke: #9aa5b1; }
            .chart .axis { font-size: 11px; fill: #6b7785; } .chart .band { font-size: 11.5px; fill: #44505e; font-weight: 600; }
            .chart polyline { fill: none; stroke-width: 2.5; }
            .chart .desired { stroke: #2f6fdf; stroke-width: 2.5; } .chart .inservice { stroke: #23a455; stroke-width: 2.5; }
            .chart .max { stroke: #9aa5b1; stroke-dasharray: 6 4; stroke-width: 2; }
            .chart .lambda { font-size: 13px; fill: #0b5873; } .chart .legend text { font-size: 12px; fill: #44505e; }
            .chart .replaced { fill: #fff; stroke: #d9822b; stroke-width: 2.5; }
            code { background: #f3f5f8; padding: 0 4px; border-radius: 3px; }
            .fills { color: #44505e; font-size: 13px; }
            iframe.attachment { width: 100%; height: 720px; border: 1px solid #e3e8ee; border-radius: 6px; }
            """;
}
