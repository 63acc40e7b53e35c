package link.buddyverse.ops.localslack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Block Kit blocks as HTML, laid out as Slack shows them: header, section (text, two columns of fields, an
 * accessory), context (small grey elements), divider, actions (buttons, links when they carry a url), image (its
 * alt text: the page stays offline). A block type it does not know shows as its type, so nothing sent is hidden.
 */
public final class BlockKitHtml {

    private BlockKitHtml() {
    }

    /** The blocks of one message; a message without blocks shows its text, as Slack does. */
    public static String message(JsonNode blocks, String fallbackText) {
        if (blocks == null || !blocks.isArray() || blocks.isEmpty()) {
            return "<div class=\"sk-block sk-section\">" + Mrkdwn.toHtml(fallbackText) + "</div>";
        }
        StringBuilder html = new StringBuilder();
        for (JsonNode block : blocks) {
            html.append(block(block));
        }
        return html.toString();
    }

    static String block(JsonNode block) {
        String type = block.path("type").asText();
        return switch (type) {
            case "header" -> "<div class=\"sk-block sk-header\">" + text(block.path("text")) + "</div>";
            case "section" -> section(block);
            case "context" -> context(block);
            case "divider" -> "<hr class=\"sk-block sk-divider\">";
            case "actions" -> actions(block);
            case "image" -> "<div class=\"sk-block sk-image\">" + image(block) + "</div>";
            default -> "<div class=\"sk-block sk-unknown\">[" + Mrkdwn.escape(type) + " block]</div>";
        };
    }

    private static String section(JsonNode block) {
        StringBuilder html = new StringBuilder("<div class=\"sk-block sk-section\"><div class=\"sk-section-body\">");
        if (block.has("text")) {
            html.append("<div class=\"sk-text\">").append(text(block.get("text"))).append("</div>");
        }
        if (block.has("fields")) {
            html.append("<div class=\"sk-fields\">");
            for (JsonNode field : block.get("fields")) {
                html.append("<div class=\"sk-field\">").append(text(field)).append("</div>");
            }
            html.append("</div>");
        }
        html.append("</div>");
        if (block.has("accessory")) {
            html.append("<div class=\"sk-accessory\">").append(element(block.get("accessory"))).append("</div>");
        }
        return html.append("</div>").toString();
    }

    private static String context(JsonNode block) {
        StringBuilder html = new StringBuilder("<div class=\"sk-block sk-context\">");
        for (JsonNode element : block.path("elements")) {
            html.append("<span class=\"sk-context-element\">").append(element(element)).append("</span>");
        }
        return html.append("</div>").toString();
    }

    private static String actions(JsonNode block) {
        StringBuilder html = new StringBuilder("<div class=\"sk-block sk-actions\">");
        for (JsonNode element : block.path("elements")) {
            html.append(element(element));
        }
        return html.append("</div>").toString();
    }

    /** An element of a context, an actions block or a section's accessory. */
    private static String element(JsonNode element) {
        String type = element.path("type").asText();
        return switch (type) {
            case "mrkdwn", "plain_text" -> text(element);
            case "image" -> image(element);
            case "button" -> button(element);
            default -> {
                // selects, date pickers, overflow menus: shown as Slack's closed control, by their placeholder
                String placeholder = element.path("placeholder").path("text").asText(type);
                yield "<span class=\"sk-button sk-control\">" + Mrkdwn.plainToHtml(placeholder) + " \u25BE</span>";
            }
        };
    }

    private static String button(JsonNode button) {
        String label = text(button.path("text"));
        String style = button.path("style").asText("");
        String classes = "sk-button" + ("primary".equals(style) || "danger".equals(style) ? " sk-" + style : "");
        String url = Mrkdwn.safeUrl(button.path("url").asText(null));
        return url == null ? "<span class=\"" + classes + "\">" + label + "</span>"
                : "<a class=\"" + classes + "\" href=\"" + Mrkdwn.escape(url) + "\" rel=\"noopener\" target=\"_blank\">" + label + "</a>";
    }

    private static String image(JsonNode image) {
        String title = image.path("title").path("text").asText("");
        String alt = image.path("alt_text").asText("image");
        return "<span class=\"sk-image-alt\" title=\"" + Mrkdwn.escape(image.path("image_url").asText("")) + "\">"
                + (title.isEmpty() ? "" : "<b>" + Mrkdwn.plainToHtml(title) + "</b> ")
                + "[image: " + Mrkdwn.escape(alt) + "]</span>";
    }

    /** A text object: mrkdwn formatted, plain_text as it is (emoji shown either way). */
    private static String text(JsonNode text) {
        String content = text.path("text").asText("");
        return "mrkdwn".equals(text.path("type").asText()) ? Mrkdwn.toHtml(content) : Mrkdwn.plainToHtml(content);
    }
}
