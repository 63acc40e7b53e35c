package link.buddyverse.ops.localslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SlackChannelHtmlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant EIGHT = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void showsTheChannelNameAndEachMessageByTheAppWithItsTime() {
        String html = SlackChannelHtml.channel(new SlackChannel("#buddy-ops", List.of(posted("1.1", EIGHT, "hello", "[]"))));

        assertThat(html).contains(">#buddy-ops<").contains(">buddyverse-ops<").contains(">08:00:00 UTC<").contains(">hello<");
    }

    @Test
    void rendersAHeaderASectionWithFieldsInTwoColumnsAndAContext() {
        String html = blocks("""
                [{"type":"header","text":{"type":"plain_text","text":":red_circle: Critical: Buddy-Unhealthy-Hosts"}},
                 {"type":"section","text":{"type":"mrkdwn","text":"*In ALARM* since 08:00 UTC"}},
                 {"type":"section","fields":[{"type":"mrkdwn","text":"*Metric*\\nCPU"},{"type":"mrkdwn","text":"*Threshold*\\n70"}]},
                 {"type":"divider"},
                 {"type":"context","elements":[{"type":"mrkdwn","text":"<https://example.com|Dashboard>"},{"type":"plain_text","text":"event 42"}]}]""");

        assertThat(html).contains("<div class=\"sk-block sk-header\"><span class=\"sk-emoji\" title=\":red_circle:\">")
                .contains("Critical: Buddy-Unhealthy-Hosts</div>")
                .contains("<div class=\"sk-text\"><b>In ALARM</b> since 08:00 UTC</div>")
                .contains("<div class=\"sk-fields\"><div class=\"sk-field\"><b>Metric</b><br>CPU</div><div class=\"sk-field\"><b>Threshold</b><br>70</div></div>")
                .contains("<hr class=\"sk-block sk-divider\">")
                .contains("<div class=\"sk-block sk-context\"><span class=\"sk-context-element\"><a href=\"https://example.com\"")
                .contains("<span class=\"sk-context-element\">event 42</span>");
        assertThat(SlackChannelHtml.CSS).contains(".sk-fields{display:grid;grid-template-columns:1fr 1fr");
    }

    @Test
    void rendersButtonsAsLinksWhenTheyCarryAUrlAndImagesAsTheirAltText() {
        String html = blocks("""
                [{"type":"actions","elements":[
                   {"type":"button","text":{"type":"plain_text","text":"Open dashboard"},"url":"https://example.com/d","style":"primary"},
                   {"type":"button","text":{"type":"plain_text","text":"Acknowledge"},"action_id":"ack"}]},
                 {"type":"image","image_url":"https://example.com/cpu.png","alt_text":"CPU graph"},
                 {"type":"rich_text","elements":[]}]""");

        assertThat(html).contains("<a class=\"sk-button sk-primary\" href=\"https://example.com/d\" rel=\"noopener\" target=\"_blank\">Open dashboard</a>")
                .contains("<span class=\"sk-button\">Acknowledge</span>")
                .contains("[image: CPU graph]").doesNotContain("<img")
                .contains("[rich_text block]");
    }

    @Test
    void escapesEverythingAMessageCarries() {
        String html = blocks("""
                [{"type":"header","text":{"type":"plain_text","text":"<script>alert('header')</script>"}},
                 {"type":"section","fields":[{"type":"plain_text","text":"<b onmouseover=x>"}]},
                 {"type":"image","image_url":"\\"><script>","alt_text":"\\"><script>"},
                 {"type":"weird<script>"}]""");

        assertThat(html).doesNotContain("<script").doesNotContain("<b onmouseover");
    }

    @Test
    void showsTheTextOfAMessageWithoutBlocks() {
        String html = SlackChannelHtml.message(posted("1.1", EIGHT, "*Storm over*: all resolved", "[]"));

        assertThat(html).contains("<b>Storm over</b>: all resolved").doesNotContain("Block Kit Builder");
    }

    @Test
    void linksEachVersionToBlockKitBuilderWithExactlyItsBlocks() throws Exception {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"a & b + c <https://x.example|x> é\"}}]";

        String html = SlackChannelHtml.message(posted("1.1", EIGHT, "fallback", blocks));

        Matcher link = Pattern.compile("href=\"(https://app\\.slack\\.com/block-kit-builder/#[^\"]+)\"").matcher(html);
        assertThat(link.find()).isTrue();
        String fragment = link.group(1).replace("&amp;", "&").substring(BlockKitBuilderLink.BUILDER.length());
        assertThat(fragment).doesNotContain("+").doesNotContain(" ");
        JsonNode decoded = JSON.readTree(URLDecoder.decode(fragment, StandardCharsets.UTF_8));
        assertThat(decoded).isEqualTo(JSON.readTree("{\"blocks\":" + blocks + "}"));
    }

    @Test
    void showsTheCurrentVersionEditedWithTheEarlierOnesInOrderBeneath() {
        ChannelMessage message = new ChannelMessage("#buddy-ops", "1.1", List.of(
                version(EIGHT, "the post"), version(EIGHT.plusSeconds(65), "first edit"), version(EIGHT.plusSeconds(750), "resolved")),
                List.of());

        String html = SlackChannelHtml.message(message);

        assertThat(html).contains("(edited)").contains("title=\"edited at 08:12:30 UTC\"").contains("2 earlier versions");
        String current = html.substring(0, html.indexOf("<details"));
        String earlier = html.substring(html.indexOf("<details"));
        assertThat(current).contains(">resolved<").doesNotContain("the post");
        assertThat(earlier).containsSubsequence("posted ", "08:00:00 UTC", "the post", "edited ", "08:01:05 UTC", "first edit");
        assertThat(html).containsSubsequence("the post", "first edit").doesNotContain("resolved</div></div></details>");
    }

    @Test
    void showsTheThreadWithItsRepliesInOrderEachWithItsBuilderLink() {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"%s\"}}]";
        ChannelMessage message = new ChannelMessage("#buddy-ops", "1.1", List.of(version(EIGHT, "incident")), List.of(
                reply(EIGHT.plusSeconds(60), "2.1", blocks.formatted("first action")),
                reply(EIGHT.plusSeconds(120), "2.2", blocks.formatted("second action")),
                reply(EIGHT.plusSeconds(180), "2.3", blocks.formatted("resolved"))));

        String html = SlackChannelHtml.message(message);

        assertThat(html).contains("<div class=\"sk-thread-count\">3 replies</div>")
                .containsSubsequence("08:01:00 UTC", "first action", "08:02:00 UTC", "second action", "08:03:00 UTC", "resolved");
        assertThat(html.split("Open in Block Kit Builder", -1)).as("the message's link and each reply's").hasSize(5);
    }

    @Test
    void makesAWholeOfflinePageWithItsStyles() {
        String page = SlackChannelHtml.page("Drill <1>", new SlackHistory(List.of(new SlackChannel("#buddy-ops", List.of()))));

        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Drill &lt;1&gt;</title>").contains(SlackChannelHtml.CSS)
                .contains("No messages.").doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");
    }

    private static String blocks(String json) {
        return SlackChannelHtml.message(posted("1.1", EIGHT, "fallback", json));
    }

    private static ChannelMessage posted(String ts, Instant at, String text, String blocks) {
        return new ChannelMessage("#buddy-ops", ts, List.of(new MessageVersion(at, text, json(blocks))), List.of());
    }

    private static MessageVersion version(Instant at, String text) {
        return new MessageVersion(at, text, json("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + text + "\"}}]"));
    }

    private static ThreadReply reply(Instant at, String ts, String blocks) {
        return new ThreadReply(at, ts, "reply", json(blocks), null);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
