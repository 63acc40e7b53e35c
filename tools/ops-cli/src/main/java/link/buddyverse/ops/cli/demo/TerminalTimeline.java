package link.buddyverse.ops.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import link.buddyverse.ops.cli.demo.Timeline.Entry;
import link.buddyverse.ops.cli.demo.Timeline.Kind;

/** Prints timeline entries as they come: time, kind, text, and the details indented under them. */
final class TerminalTimeline implements Consumer<Entry> {

    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;

    TerminalTimeline(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    @Override
    public synchronized void accept(Entry entry) {
        String time = String.format(Locale.ROOT, "%6.1fs", entry.millis() / 1000.0);
        if (entry.kind() == Kind.DRILL) {
            out.println();
            out.println(paint("\u001b[1m", time + "  == " + entry.text()));
        } else {
            String label = String.format(Locale.ROOT, "%-10s", symbol(entry.kind()) + " " + entry.kind().label());
            out.println(time + "  " + paint(colourOf(entry.kind()), label) + " " + entry.text());
        }
        for (String detail : entry.details()) {
            out.println("                     " + detail);
        }
        out.flush();
    }

    static String symbol(Kind kind) {
        return switch (kind) {
            case PASS -> "✔";
            case FAIL -> "✘";
            case FUNCTION -> "λ";
            case SLACK -> "✉";
            case AWS_PART -> "☁";
            case AWS -> "☁";
            case CHANGE -> "Δ";
            case ACTION -> "⚒";
            case PENDING -> "…";
            case NOTE, DRILL -> "·";
        };
    }

    private static String colourOf(Kind kind) {
        return switch (kind) {
            case PASS -> "\u001b[32m";
            case FAIL -> "\u001b[1;31m";
            case FUNCTION -> "\u001b[36m";
            case SLACK -> "\u001b[95m";
            case AWS_PART -> "\u001b[33m";
            case AWS -> "\u001b[34m";
            case CHANGE -> "\u001b[35m";
            case PENDING -> "\u001b[90m";
            default -> "";
        };
    }

    private String paint(String code, String text) {
        return colour && !code.isEmpty() ? code + text + RESET : text;
    }
}
