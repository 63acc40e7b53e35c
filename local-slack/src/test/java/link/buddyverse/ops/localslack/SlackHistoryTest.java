package link.buddyverse.ops.localslack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackHistoryTest {

    private static final String TITLE = "[{\"type\":\"header\",\"block_id\":\"title\",\"text\":{\"type\":\"plain_text\",\"text\":\"%s\"}}]";

    private final SlackStandIn slack = SlackStandIn.start();
    private final SlackCalls calls = new SlackCalls(slack);

    @AfterEach
    void close() {
        slack.close();
    }

    @Test
    void aPostTwoUpdatesAndThreeRepliesAreOneMessageWithThreeVersionsAndItsThreadInOrder() {
        at("08:00:00");
        String ts = calls.post("#buddy-ops", "CPU high", TITLE.formatted("Warning: Buddy-CPU-High"));
        at("08:01:00");
        calls.reply("C0WARNING", ts, "ScalingTuner: 2 -> 3", "Buddy-CPU-High#1");
        at("08:01:05");
        calls.update("C0WARNING", ts, "CPU high, scaled", TITLE.formatted("Warning: Buddy-CPU-High (scaled)"));
        at("08:05:00");
        calls.reply("C0WARNING", ts, "ScalingTuner: 3 -> 4", "Buddy-CPU-High#2");
        at("08:12:30");
        calls.update("C0WARNING", ts, "Resolved", TITLE.formatted("Resolved: Buddy-CPU-High"));
        calls.reply("C0WARNING", ts, "Resolved after 12m 30s", "Buddy-CPU-High#3");

        SlackHistory history = slack.history();

        assertThat(history.channels()).singleElement().satisfies(channel -> assertThat(channel.name()).isEqualTo("#buddy-ops"));
        ChannelMessage message = history.messages().get(0);
        assertThat(message.ts()).isEqualTo(ts);
        assertThat(message.versions()).extracting(MessageVersion::text).containsExactly("CPU high", "CPU high, scaled", "Resolved");
        assertThat(message.versions()).extracting(MessageVersion::at)
                .containsExactly(time("08:00:00"), time("08:01:05"), time("08:12:30"));
        assertThat(message.current().blocks().get(0).path("text").path("text").asText()).isEqualTo("Resolved: Buddy-CPU-High");
        assertThat(message.edited()).isTrue();
        assertThat(message.replies()).extracting(ThreadReply::text)
                .containsExactly("ScalingTuner: 2 -> 3", "ScalingTuner: 3 -> 4", "Resolved after 12m 30s");
        assertThat(message.replies()).extracting(ThreadReply::noticeId)
                .containsExactly("Buddy-CPU-High#1", "Buddy-CPU-High#2", "Buddy-CPU-High#3");
        assertThat(message.postedAt()).isEqualTo(time("08:00:00"));
        assertThat(message.lastTouched()).isEqualTo(time("08:12:30"));
    }

    @Test
    void channelsAreInTheOrderTheirFirstMessageCameAndMessagesInPostOrder() {
        String first = calls.post("#buddy-incidents", "first critical", null);
        String warning = calls.post("#buddy-ops", "a warning", null);
        String second = calls.post("#buddy-incidents", "second critical", null);

        SlackHistory history = slack.history();

        assertThat(history.channels()).extracting(SlackChannel::name).containsExactly("#buddy-incidents", "#buddy-ops");
        assertThat(history.channel("#buddy-incidents").orElseThrow().messages()).extracting(ChannelMessage::ts).containsExactly(first, second);
        assertThat(history.channel("#buddy-ops").orElseThrow().messages()).extracting(ChannelMessage::ts).containsExactly(warning);
        assertThat(history.messages()).allSatisfy(message -> assertThat(message.edited()).isFalse());
    }

    @Test
    void requestsSlackRefusedShowNothing() {
        String ts = calls.post("#buddy-ops", "seen", null);
        calls.withToken("xoxb-revoked").post("#buddy-ops", "refused: invalid_auth", null);
        calls.withToken(SlackStandIn.TOKEN).update("C0WARNING", "1.000001", "no such message", null);
        slack.failNext(1, SlackStandIn.Fault.serverError());
        calls.reply("C0WARNING", ts, "lost to a 500", "n#1");

        assertThat(slack.history().messages()).singleElement().satisfies(message -> {
            assertThat(message.versions()).extracting(MessageVersion::text).containsExactly("seen");
            assertThat(message.replies()).isEmpty();
        });
    }

    @Test
    void webhookPostsAreTopLevelMessagesOfChannelWebhook() {
        calls.webhook("{\"text\":\"opened\",\"blocks\":" + TITLE.formatted("Warning: Buddy-CPU-High") + "}");
        calls.webhook("{\"text\":\"resolved\"}");

        assertThat(slack.history().channel(SlackStandIn.WEBHOOK_CHANNEL).orElseThrow().messages())
                .extracting(message -> message.current().text()).containsExactly("opened", "resolved");
    }

    @Test
    void sinceKeepsWholeTheMessagesPostedEditedOrRepliedToFromThatInstantOnly() {
        at("08:00:00");
        String untouched = calls.post("#buddy-ops", "old, untouched", null);
        String repliedTo = calls.post("#buddy-ops", "old, replied to later", null);
        String edited = calls.post("#buddy-incidents", "old, edited later", null);
        at("09:00:00");
        calls.reply("C0WARNING", repliedTo, "a reply", "n#1");
        calls.update("C0CRITICAL", edited, "edited", null);
        String fresh = calls.post("#buddy-ops", "new", null);

        SlackHistory since = slack.history().since(time("09:00:00"));

        assertThat(since.messages()).extracting(ChannelMessage::ts).containsExactly(repliedTo, fresh, edited).doesNotContain(untouched);
        assertThat(since.channel("#buddy-incidents").orElseThrow().messages().get(0).versions()).hasSize(2);
        assertThat(slack.history().since(time("10:00:00")).isEmpty()).isTrue();
    }

    @Test
    void resetForgetsEveryMessageAndRequest() {
        String ts = calls.post("#buddy-ops", "before the reset", null);

        slack.reset();
        calls.update("C0WARNING", ts, "after the reset", null);

        assertThat(slack.history().isEmpty()).isTrue();
        assertThat(slack.requests()).singleElement().satisfies(update -> assertThat(update.accepted()).isFalse());
    }

    private void at(String hhmmss) {
        slack.followClock(Clock.fixed(time(hhmmss), ZoneOffset.UTC));
    }

    private static Instant time(String hhmmss) {
        return Instant.parse("2026-11-25T" + hhmmss + "Z");
    }
}
