package link.buddyverse.ops.localslack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A channel as a person sees it in Slack, as a self-contained HTML fragment for a report: each message by the app
 * with its time, its Block Kit blocks rendered, "(edited)" with its earlier versions folded beneath, and its
 * thread. Every message and reply links to Block Kit Builder with exactly the blocks it carried, to see it in
 * Slack's own renderer. Offline: no scripts, fonts or images are fetched; the look comes from {@link #CSS}, whose
 * classes all start with {@code sk-} so it sits in any page without touching the page's own styles.
 */
public final class SlackChannelHtml {

    /** The name the messages are shown under: the Slack app's. */
    public static final String APP_NAME = "buddyverse-ops";

    /** The styles the fragments need; put them once in the page's {@code <style>}. */
    public static final String CSS = """
            .sk-channel{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
            font-size:15px;line-height:1.46;color:#1d1c1d;background:#fff;border:1px solid #ddd;border-radius:8px;\
            max-width:900px;margin:12px 0;overflow:hidden}
            .sk-channel-name{font-weight:900;font-size:18px;padding:10px 16px;border-bottom:1px solid #ddd}
            .sk-empty{color:#616061;padding:12px 16px}
            .sk-message,.sk-reply{display:flex;gap:8px;padding:8px 16px}
            .sk-message{border-top:1px solid #f0f0f0}
            .sk-message:first-of-type{border-top:none}
            .sk-avatar{flex:none;width:36px;height:36px;border-radius:6px;background:#4a154b;color:#fff;\
            font-weight:900;display:flex;align-items:center;justify-content:center}
            .sk-reply .sk-avatar{width:24px;height:24px;font-size:12px;border-radius:4px}
            .sk-body{flex:1;min-width:0}
            .sk-meta{font-size:13px;color:#616061}
            .sk-app{font-weight:900;font-size:15px;color:#1d1c1d;margin-right:4px}
            .sk-badge{font-size:10px;background:#e8e8e8;color:#616061;border-radius:2px;padding:1px 3px;margin-right:6px}
            .sk-edited{font-size:13px;color:#616061;margin-left:4px}
            .sk-block{margin:4px 0}
            .sk-header{font-size:18px;font-weight:900;margin-top:2px}
            .sk-section{display:flex;gap:12px;justify-content:space-between}
            .sk-section-body{flex:1;min-width:0}
            .sk-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
            .sk-context{font-size:12px;color:#616061;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
            .sk-divider{border:none;border-top:1px solid #ddd;margin:8px 0}
            .sk-actions{display:flex;flex-wrap:wrap;gap:8px}
            .sk-button{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:2px 12px;font-size:14px;\
            font-weight:700;color:#1d1c1d;background:#fff;text-decoration:none}
            .sk-button.sk-primary{background:#007a5a;border-color:#007a5a;color:#fff}
            .sk-button.sk-danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
            .sk-image-alt{display:inline-block;border:1px dashed #bbb;border-radius:4px;padding:2px 8px;color:#616061}
            .sk-unknown{color:#616061;font-style:italic}
            .sk-quote{display:block;border-left:4px solid #ddd;padding-left:10px;color:#454245}
            .sk-code{font-family:Monaco,Menlo,Consolas,monospace;font-size:12px;color:#e01e5a;background:#f6f6f6;\
            border:1px solid #e8e8e8;border-radius:3px;padding:0 3px}
            .sk-pre{font-family:Monaco,Menlo,Consolas,monospace;font-size:12px;background:#f6f6f6;border:1px solid #e8e8e8;\
            border-radius:4px;padding:8px;margin:4px 0;white-space:pre-wrap}
            .sk-mention{background:#fff3c4;color:#1d1c1d;border-radius:3px;padding:0 2px}
            .sk-channel a{color:#1264a3;text-decoration:none}
            .sk-channel a.sk-button{color:#1d1c1d}
            .sk-builder{font-size:12px}
            .sk-versions{font-size:13px;color:#616061;margin:4px 0}
            .sk-versions summary{cursor:pointer}
            .sk-version{border-left:3px solid #e8e8e8;padding:4px 0 4px 10px;margin:6px 0;color:#1d1c1d;font-size:15px}
            .sk-thread{margin-top:6px;border-left:2px solid #e8e8e8;margin-left:4px}
            .sk-thread-count{font-size:13px;font-weight:700;color:#1264a3;padding:2px 8px}
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private SlackChannelHtml() {
    }

    /** Every channel of the history, one after the other. */
    public static String channels(SlackHistory history) {
        StringBuilder html = new StringBuilder();
        history.channels().forEach(channel -> html.append(channel(channel)));
        return html.toString();
    }

    /** One channel: its name, then its messages in post order. */
    public static String channel(SlackChannel channel) {
        StringBuilder html = new StringBuilder("<section class=\"sk-channel\">")
                .append("<div class=\"sk-channel-name\">").append(Mrkdwn.escape(channel.name())).append("</div>");
        if (channel.messages().isEmpty()) {
            html.append("<div class=\"sk-empty\">No messages.</div>");
        }
        channel.messages().forEach(message -> html.append(message(message)));
        return html.append("</section>").toString();
    }

    /** One message: its current version, its earlier ones folded, its thread. */
    public static String message(ChannelMessage message) {
        MessageVersion current = message.current();
        StringBuilder html = new StringBuilder("<div class=\"sk-message\" data-ts=\"").append(Mrkdwn.escape(message.ts())).append("\">")
                .append(avatar()).append("<div class=\"sk-body\">")
                .append(meta(message.postedAt()));
        if (message.edited()) {
            html.append("<span class=\"sk-edited\" title=\"edited at ").append(time(current.at())).append("\">(edited)</span>");
        }
        html.append(content(current));
        if (message.edited()) {
            List<MessageVersion> earlier = message.versions().subList(0, message.versions().size() - 1);
            html.append("<details class=\"sk-versions\"><summary>").append(earlier.size())
                    .append(earlier.size() == 1 ? " earlier version" : " earlier versions").append("</summary>");
            for (int i = 0; i < earlier.size(); i++) {
                MessageVersion version = earlier.get(i);
                html.append("<div class=\"sk-version\"><div class=\"sk-meta\">").append(i == 0 ? "posted " : "edited ")
                        .append(timeTag(version.at())).append("</div>").append(content(version)).append("</div>");
            }
            html.append("</details>");
        }
        if (!message.replies().isEmpty()) {
            int count = message.replies().size();
            html.append("<div class=\"sk-thread\"><div class=\"sk-thread-count\">").append(count)
                    .append(count == 1 ? " reply" : " replies").append("</div>");
            message.replies().forEach(reply -> html.append(reply(reply)));
            html.append("</div>");
        }
        return html.append("</div></div>").toString();
    }

    /** A whole page around the channels, for a file of its own (and for looking at the rendering). */
    public static String page(String title, SlackHistory history) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Mrkdwn.escape(title)
                + "</title><style>body{margin:16px;background:#f8f8f8}" + CSS + "</style></head><body>"
                + channels(history) + "</body></html>";
    }

    private static String reply(ThreadReply reply) {
        return "<div class=\"sk-reply\" data-ts=\"" + Mrkdwn.escape(reply.ts()) + "\">" + avatar() + "<div class=\"sk-body\">"
                + meta(reply.at()) + content(reply) + "</div></div>";
    }

    private static String content(MessageContent content) {
        String blocks = "<div class=\"sk-blocks\">" + BlockKitHtml.message(content.blocks(), content.text()) + "</div>";
        // A text-only message has nothing for the builder to show.
        return content.blocks() == null || content.blocks().isEmpty() ? blocks
                : blocks + "<a class=\"sk-builder\" href=\"" + Mrkdwn.escape(BlockKitBuilderLink.to(content.blocks()))
                + "\" rel=\"noopener\" target=\"_blank\">Open in Block Kit Builder</a>";
    }

    private static String avatar() {
        return "<div class=\"sk-avatar\" aria-hidden=\"true\">B</div>";
    }

    private static String meta(Instant at) {
        return "<span class=\"sk-app\">" + APP_NAME + "</span><span class=\"sk-badge\">APP</span>" + timeTag(at);
    }

    private static String timeTag(Instant at) {
        return "<time class=\"sk-meta\" datetime=\"" + at + "\">" + time(at) + "</time>";
    }

    private static String time(Instant at) {
        return TIME.format(at);
    }
}
