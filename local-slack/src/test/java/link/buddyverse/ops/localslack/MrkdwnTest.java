package link.buddyverse.ops.localslack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MrkdwnTest {

    @Test
    void escapesMarkupSoAMessageCannotInjectAny() {
        assertThat(Mrkdwn.toHtml("<script>alert(1)</script> & \"quotes\" 'too'"))
                .doesNotContain("<script").doesNotContain("</script>")
                .contains("&amp;").contains("&quot;quotes&quot;").contains("&#39;too&#39;");
        assertThat(Mrkdwn.plainToHtml("<img src=x onerror=alert(1)>")).isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void showsSlackEscapedEntitiesAsTheCharactersAPersonSees() {
        assertThat(Mrkdwn.toHtml("2 &lt; 3 &amp;&amp; 4 &gt; 3")).isEqualTo("2 &lt; 3 &amp;&amp; 4 &gt; 3");
    }

    @Test
    void rendersBoldItalicStrikeAndCode() {
        assertThat(Mrkdwn.toHtml("*In ALARM* since _08:00_ ~flapping~ `Buddy-ASG`"))
                .isEqualTo("<b>In ALARM</b> since <i>08:00</i> <s>flapping</s> <code class=\"sk-code\">Buddy-ASG</code>");
    }

    @Test
    void leavesMarkersInsideWordsAndCodeAlone() {
        assertThat(Mrkdwn.toHtml("snake_case_name 2*3*4 `*not bold*`"))
                .isEqualTo("snake_case_name 2*3*4 <code class=\"sk-code\">*not bold*</code>");
    }

    @Test
    void rendersPreformattedBlocksWithTheirLines() {
        assertThat(Mrkdwn.toHtml("before ```line 1\nline <2>``` after"))
                .isEqualTo("before <pre class=\"sk-pre\">line 1\nline &lt;2&gt;</pre> after");
    }

    @Test
    void rendersLinksWithAndWithoutLabels() {
        assertThat(Mrkdwn.toHtml("<https://console.aws.amazon.com/x?a=1&b=2|*Dashboard*> and <https://example.com>"))
                .isEqualTo("<a href=\"https://console.aws.amazon.com/x?a=1&amp;b=2\" rel=\"noopener\" target=\"_blank\">*Dashboard*</a>"
                        + " and <a href=\"https://example.com\" rel=\"noopener\" target=\"_blank\">https://example.com</a>");
        assertThat(Mrkdwn.toHtml("*<https://example.com|bold link>*")).startsWith("<b><a href=");
    }

    @Test
    void neverLinksAScriptUrl() {
        assertThat(Mrkdwn.toHtml("<javascript:alert(1)|click>")).isEqualTo("click");
    }

    @Test
    void rendersHereAndChannelMentions() {
        assertThat(Mrkdwn.toHtml("<!here> <!channel> look"))
                .isEqualTo("<span class=\"sk-mention\">@here</span> <span class=\"sk-mention\">@channel</span> look");
    }

    @Test
    void rendersQuotedLinesAndLineBreaks() {
        assertThat(Mrkdwn.toHtml("*Reason (AWS)*\n>Threshold Crossed"))
                .isEqualTo("<b>Reason (AWS)</b><br><span class=\"sk-quote\">Threshold Crossed</span>");
    }

    @Test
    void showsTheNotifiersEmojiAndKeepsOthersAsNames() {
        assertThat(Mrkdwn.toHtml(":red_circle: Critical :unknown_emoji:"))
                .contains("title=\":red_circle:\">\uD83D\uDD34</span>").endsWith(" Critical :unknown_emoji:");
    }
}
