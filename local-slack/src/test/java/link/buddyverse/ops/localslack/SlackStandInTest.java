package link.buddyverse.ops.localslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import link.buddyverse.ops.localslack.SlackStandIn.Fault;
import link.buddyverse.ops.localslack.SlackStandIn.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackStandInTest {

    private final SlackStandIn slack = SlackStandIn.start();
    private final SlackCalls calls = new SlackCalls(slack);

    @AfterEach
    void close() {
        slack.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(slack.apiUrl()).startsWith("http://127.0.0.1:").endsWith("/api/");
        assertThat(slack.webhookUrl()).startsWith("http://127.0.0.1:").endsWith(SlackStandIn.WEBHOOK_PATH);
    }

    @Test
    void answersAPostAsSlackDoesWithTheChannelIdAndAFreshTs() {
        JsonNode answer = calls.call("chat.postMessage", Map.of("channel", "#buddy-incidents", "text", "hello"));

        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("channel").asText()).isEqualTo("C0CRITICAL");
        assertThat(answer.path("ts").asText()).matches("\\d{10}\\.\\d{6}");
        assertThat(slack.roots()).singleElement().satisfies(posted -> {
            assertThat(posted.ts()).isEqualTo(answer.path("ts").asText());
            assertThat(posted.authorization()).isEqualTo("Bearer " + SlackStandIn.TOKEN);
        });
    }

    @Test
    void recordsWhenEachRequestArrivedByTheFollowedClock() {
        Instant eight = Instant.parse("2026-11-25T08:00:00Z");
        slack.followClock(Clock.fixed(eight, ZoneOffset.UTC));

        String ts = calls.post("#buddy-ops", "at eight", null);

        assertThat(slack.requests()).singleElement().extracting(Request::at).isEqualTo(eight);
        assertThat(ts).isEqualTo("1795593600.000000");
    }

    @Test
    void recordsTheWallClockWhenFollowingNone() {
        Instant before = Instant.now();

        calls.post("#buddy-ops", "now", null);

        assertThat(slack.requests().get(0).at()).isBetween(before, Instant.now());
    }

    @Test
    void refusesAnotherTokenAsInvalidAuth() {
        slack.expectToken("xoxb-rotated");

        JsonNode answer = calls.call("chat.postMessage", Map.of("channel", "#buddy-ops", "text", "old token"));

        assertThat(answer.path("error").asText()).isEqualTo("invalid_auth");
        assertThat(slack.token()).isEqualTo("xoxb-rotated");
        assertThat(slack.accepted()).isEmpty();
    }

    @Test
    void failsTheNextRequestsAsToldThenWorksAgain() {
        slack.failNext(1, Fault.rateLimited(7));

        JsonNode limited = calls.call("chat.postMessage", Map.of("channel", "#buddy-ops", "text", "first"));
        JsonNode posted = calls.call("chat.postMessage", Map.of("channel", "#buddy-ops", "text", "second"));

        assertThat(limited.path("error").asText()).isEqualTo("ratelimited");
        assertThat(posted.path("ok").asBoolean()).isTrue();
        assertThat(slack.requests()).extracting(Request::status).containsExactly(429, 200);
    }

    @Test
    void showsAThreadWithItsRepliesNoticeIdsWhenAskedForMetadata() {
        String ts = calls.post("#buddy-ops", "incident", null);
        calls.reply("C0WARNING", ts, "an action", "Buddy-CPU-High#1");

        JsonNode thread = calls.call("conversations.replies", Map.of("channel", "C0WARNING", "ts", ts, "include_all_metadata", "true"));

        assertThat(thread.path("messages")).hasSize(2);
        assertThat(thread.path("messages").get(1).path("metadata").path("event_payload").path("notice_id").asText())
                .isEqualTo("Buddy-CPU-High#1");
    }

    @Test
    void readsABlockByItsIdAsTheTestsOfTheNotifierDo() {
        calls.post("#buddy-ops", "fallback", "[{\"type\":\"header\",\"block_id\":\"title\",\"text\":{\"type\":\"plain_text\",\"text\":\"Warning\"}},"
                + "{\"type\":\"section\",\"block_id\":\"facts\",\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"*Metric*\\nCPU\"},"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Threshold*\\n70\"}]}]");

        Request message = slack.roots().get(0);

        assertThat(message.block("title")).isEqualTo("Warning");
        assertThat(message.block("facts")).isEqualTo("*Metric*\nCPU\n*Threshold*\n70\n");
        assertThat(message.block("absent")).isNull();
        assertThat(message.everything()).contains("fallback").contains("*Threshold*");
    }

    @Test
    void acceptsTheWebhookOnItsPathOnly() {
        assertThat(calls.webhook("{\"text\":\"hi\"}").body()).isEqualTo("ok");
        assertThat(slack.accepted("webhook")).singleElement().extracting(Request::text).isEqualTo("hi");
    }
}
