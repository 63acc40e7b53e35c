package link.buddyverse.ops.localslack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's mrkdwn as HTML, the basics a person sees: *bold*, _italic_, ~strike~, `code`, ```preformatted```,
 * {@code >} quoted lines, {@code <url|label>} and {@code <url>} links, {@code <!here>}/{@code <!channel>}
 * mentions, and the emoji the notifier uses (others stay as their {@code :name:}). Everything from the message
 * is HTML-escaped, and only http(s) and mailto links become links: a message can never inject markup or script
 * into the page that shows it.
 */
public final class Mrkdwn {

    /** Marks a finished HTML piece in the text being converted; stripped from the input first, so never forged. */
    private static final char MARK = '\u0000';
    private static final Pattern PRE = Pattern.compile("```(.+?)```", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("`([^`\n]+)`");
    private static final Pattern ANGLED = Pattern.compile("<([^<>\n]+)>");
    private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*(?=\\S)([^*\n]*?\\S)\\*(?![\\w*])");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w_])_(?=\\S)([^_\n]*?\\S)_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("(?<![\\w~])~(?=\\S)([^~\n]*?\\S)~(?![\\w~])");
    private static final Pattern PLACEHOLDER = Pattern.compile(MARK + "(\\d+)" + MARK);
    private static final Pattern EMOJI = Pattern.compile(":([a-z0-9_+-]+):");

    /** The notifier's emoji (IncidentMessages, IncidentThread); Slack's full set is thousands, these read well. */
    private static final Map<String, String> EMOJI_GLYPHS = Map.ofEntries(
            Map.entry("red_circle", "\uD83D\uDD34"),
            Map.entry("large_orange_circle", "\uD83D\uDFE0"),
            Map.entry("white_circle", "\u26AA"),
            Map.entry("white_check_mark", "\u2705"),
            Map.entry("x", "\u274C"),
            Map.entry("cloud_with_lightning", "\uD83C\uDF29\uFE0F"),
            Map.entry("test_tube", "\uD83E\uDDEA"),
            Map.entry("repeat", "\uD83D\uDD01"),
            Map.entry("memo", "\uD83D\uDCDD"),
            Map.entry("fast_forward", "\u23E9"),
            Map.entry("warning", "\u26A0\uFE0F"),
            Map.entry("rotating_light", "\uD83D\uDEA8"));

    private Mrkdwn() {
    }

    /** A mrkdwn text object's text as HTML. */
    public static String toHtml(String mrkdwn) {
        if (mrkdwn == null) {
            return "";
        }
        List<String> pieces = new ArrayList<>();
        String text = mrkdwn.replace(String.valueOf(MARK), "");
        text = replace(PRE, text, m -> "<pre class=\"sk-pre\">" + escape(unescapeSlack(m.group(1))) + "</pre>", pieces);
        text = replace(CODE, text, m -> "<code class=\"sk-code\">" + escape(unescapeSlack(m.group(1))) + "</code>", pieces);
        text = replace(ANGLED, text, m -> angled(m.group(1)), pieces);
        StringBuilder html = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean quoted = line.startsWith(">") || line.startsWith("&gt;");
            if (quoted) {
                line = line.substring(line.startsWith(">") ? 1 : 4);
            }
            String formatted = emphasis(emoji(escape(unescapeSlack(line))));
            html.append(quoted ? "<span class=\"sk-quote\">" + formatted + "</span>" : formatted);
            if (i < lines.length - 1 && !quoted) {
                html.append("<br>");
            }
        }
        return restore(html.toString(), pieces);
    }

    /** Plain text (a header's, a button's): escaped, emoji shown. */
    public static String plainToHtml(String text) {
        return text == null ? "" : emoji(escape(text)).replace("\n", "<br>");
    }

    /** HTML-escaped for text and for double-quoted attributes. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A link target the page may use, else null: no javascript:, data: or relative URLs from a message. */
    static String safeUrl(String url) {
        String trimmed = url == null ? "" : url.trim();
        String lower = trimmed.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:") ? trimmed : null;
    }

    private static String angled(String inside) {
        String target = inside;
        String label = null;
        int bar = inside.indexOf('|');
        if (bar >= 0) {
            target = inside.substring(0, bar);
            label = inside.substring(bar + 1);
        }
        if (target.startsWith("!")) {
            String special = target.substring(1);
            String shown = label != null ? label : "@" + (special.startsWith("subteam^") ? special.substring(8) : special);
            return "<span class=\"sk-mention\">" + escape(unescapeSlack(shown)) + "</span>";
        }
        if (target.startsWith("@") || target.startsWith("#")) {
            String shown = label != null ? target.charAt(0) + label : target;
            return "<span class=\"sk-mention\">" + escape(unescapeSlack(shown)) + "</span>";
        }
        String url = safeUrl(unescapeSlack(target));
        String shown = escape(unescapeSlack(label != null ? label : target));
        return url == null ? shown : "<a href=\"" + escape(url) + "\" rel=\"noopener\" target=\"_blank\">" + shown + "</a>";
    }

    private static String emphasis(String html) {
        String bold = BOLD.matcher(html).replaceAll("<b>$1</b>");
        String italic = ITALIC.matcher(bold).replaceAll("<i>$1</i>");
        return STRIKE.matcher(italic).replaceAll("<s>$1</s>");
    }

    private static String emoji(String html) {
        return EMOJI.matcher(html).replaceAll(m -> {
            String glyph = EMOJI_GLYPHS.get(m.group(1));
            return Matcher.quoteReplacement(glyph == null ? m.group() : "<span class=\"sk-emoji\" title=\":" + m.group(1) + ":\">" + glyph + "</span>");
        });
    }

    /** Slack escapes &, < and > in message text as entities; a person sees the characters. */
    private static String unescapeSlack(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> html, List<String> pieces) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            pieces.add(html.apply(matcher));
            matcher.appendReplacement(out, Matcher.quoteReplacement(MARK + Integer.toString(pieces.size() - 1) + MARK));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String restore(String html, List<String> pieces) {
        String restored = html;
        // A piece may hold another's mark (a link inside preformatted text holds none; code inside a link label may).
        for (int round = 0; round < 3 && restored.indexOf(MARK) >= 0; round++) {
            restored = PLACEHOLDER.matcher(restored).replaceAll(m -> Matcher.quoteReplacement(pieces.get(Integer.parseInt(m.group(1)))));
        }
        return restored;
    }
}
