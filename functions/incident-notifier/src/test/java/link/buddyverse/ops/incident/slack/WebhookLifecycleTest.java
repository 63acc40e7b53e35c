package link.buddyverse.ops.incident.slack;

import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.localslack.SlackStandIn.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lifecycle through an incoming webhook, which can neither update a message nor thread: one message when
 * the incident opens, one when it resolves (with every action folded in), one when it reopens.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class WebhookLifecycleTest {

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
        notifier = Notifier.webhook(slack);
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    @Test
    void oneMessageOnOpenAndOneOnResolveWithTheActionsFoldedIn() {
        Result opened = notifier.sample("alarm-cpu-high.json");
        notifier.clock.advance(Duration.ofSeconds(2));
        Result applied = notifier.sample("ops-action-applied.json");
        notifier.clock.advance(Duration.ofMinutes(3));
        Result noData = notifier.sample("alarm-cpu-high-insufficient-data.json");
        notifier.clock.set(Notifier.START.plusSeconds(750));
        Result resolved = notifier.sample("alarm-cpu-high-ok.json");

        assertThat(opened.delivery().mode()).isEqualTo("webhook");
        assertThat(List.of(opened, applied, noData, resolved)).extracting(Result::status).containsOnly("notified");
        assertThat(applied.delivery().delivered()).isZero();
        assertThat(applied.delivery().folded()).isEqualTo(2);
        List<Request> posts = slack.accepted("webhook");
        assertThat(posts).hasSize(2);

        Request open = posts.get(0);
        assertThat(open.text()).startsWith("[Warning] Buddy-CPU-High is in ALARM: Threshold Crossed: 3 out of the last 3");
        assertThat(open.block("title")).isEqualTo(":large_orange_circle: Warning: Buddy-CPU-High");
        assertThat(open.block("status")).isEqualTo("*In ALARM* since 2026-11-25 08:00 UTC");
        assertThat(open.block("facts")).contains("*Metric*\nAWS/EC2 CPUUtilization (Average, 60 s)").contains("*Threshold*\n70")
                .contains("#AutoScalingGroupDetails:id=Buddy-AutoScaling-Group;view=activity|Buddy-AutoScaling-Group>");
        assertThat(open.block("actions")).contains("_None yet");

        Request resolve = posts.get(1);
        assertThat(resolve.text()).isEqualTo("Resolved: Buddy-CPU-High after 12m 30s");
        assertThat(resolve.block("title")).isEqualTo(":white_check_mark: Resolved: Buddy-CPU-High");
        assertThat(resolve.block("status")).isEqualTo("*Resolved* after 12m 30s (08:00 → 08:12 UTC): the alarm is back to OK");
        assertThat(resolve.block("actions")).isEqualTo("*Actions taken*\n• 08:00 :white_check_mark: ScalingTuner:"
                + " `SetDesiredCapacity` Buddy-AutoScaling-Group 2 → 3 (applied)");
        assertThat(StateItems.keysStartingWith(dynamoDb, "outbox#")).isEmpty();
    }

    @Test
    void aFlapPostsAReopenedMessage() {
        notifier.sample("alarm-cpu-high.json");
        notifier.clock.advance(Duration.ofMinutes(5));
        notifier.sample("alarm-cpu-high-ok.json");
        notifier.clock.advance(Duration.ofMinutes(1));

        notifier.invoke(SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json"), "44444444-5555-4666-8777-888888888888"));

        List<Request> posts = slack.accepted("webhook");
        assertThat(posts).extracting(r -> r.block("title")).containsExactly(
                ":large_orange_circle: Warning: Buddy-CPU-High",
                ":white_check_mark: Resolved: Buddy-CPU-High",
                ":large_orange_circle: Warning: Buddy-CPU-High");
        assertThat(posts.get(2).block("status")).startsWith("*In ALARM again* since 2026-11-25 08:00 UTC");
        assertThat(posts.get(2).block("facts")).contains("reopened 1×");
    }

    @Test
    void aWebhookMessageOfAnIncidentThatResolvedWhileSlackWasDownShowsItAsItWasThen() {
        slack.down(SlackStandIn.Fault.serverError());
        notifier.sample("alarm-cpu-high.json");
        notifier.clock.set(Notifier.START.plusSeconds(750));
        Result resolved = notifier.sample("alarm-cpu-high-ok.json");
        assertThat(resolved.status()).isEqualTo("queued");
        slack.up();

        Result tick = notifier.tick();

        assertThat(tick.status()).isEqualTo("delivered");
        assertThat(slack.accepted("webhook")).extracting(r -> r.block("title"))
                .containsExactly(":large_orange_circle: Warning: Buddy-CPU-High", ":white_check_mark: Resolved: Buddy-CPU-High");
    }

    @Test
    void theWebhookUrlNeverAppearsInAResult() {
        slack.down(SlackStandIn.Fault.serverError());

        Result result = notifier.sample("alarm-cpu-high.json");

        assertThat(result.delivery().errors()).singleElement().asString()
                .isEqualTo("Buddy-CPU-High: the webhook answered HTTP 500 (internal error)");
        assertThat(result.toString()).doesNotContain("StandInWebhookSecret");
    }
}
