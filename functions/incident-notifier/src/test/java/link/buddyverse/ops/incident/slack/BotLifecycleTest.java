package link.buddyverse.ops.incident.slack;

import link.buddyverse.ops.incident.Notifier;
import link.buddyverse.ops.incident.OneRequestAtATime;
import link.buddyverse.ops.incident.Result;
import link.buddyverse.ops.incident.StateItems;
import link.buddyverse.ops.incident.lifecycle.Severity;
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
 * The whole incident lifecycle with a bot token, against moto and the Slack stand-in on loopback: one message
 * per incident (Block Kit, asserted block by block), updated in place, with a thread that tells the story.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class BotLifecycleTest {

    SlackStandIn slack;
    Notifier notifier;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void start() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, Notifier.TABLE);
        slack = SlackStandIn.start();
        notifier = Notifier.bot(slack);
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    @Test
    void anAlarmOpensOneIncidentWithOneMessageShowingWhatFiredWhereAndWhy() {
        Result result = notifier.sample("alarm-unhealthy-hosts.json");

        assertThat(result.status()).isEqualTo("notified");
        assertThat(result.change()).isEqualTo("opened");
        assertThat(result.incident().severity()).isEqualTo("critical");
        assertThat(result.delivery().mode()).isEqualTo("bot");
        Request message = single(slack.roots());
        assertThat(message.channel()).isEqualTo("C0CRITICAL");
        assertThat(message.authorization()).isEqualTo("Bearer " + SlackStandIn.TOKEN);
        assertThat(message.text()).startsWith("[Critical] Buddy-Unhealthy-Hosts is in ALARM: Threshold Crossed");
        assertThat(message.block("title")).isEqualTo(":red_circle: Critical: Buddy-Unhealthy-Hosts");
        assertThat(message.block("status")).isEqualTo("*In ALARM* since 2026-11-25 08:00 UTC");
        assertThat(message.block("facts"))
                .contains("*Severity*\n:red_circle: Critical")
                .contains("*Resource*\n<https://ap-northeast-2.console.aws.amazon.com/ec2/home?region=ap-northeast-2"
                        + "#TargetGroups:search=Buddy-LoadBalance-TargetGroup|Buddy-LoadBalance-TargetGroup>")
                .contains("*Metric*\nAWS/ApplicationELB UnHealthyHostCount (Maximum, 60 s)")
                .contains("*Threshold*\n0")
                .contains("*Region*\nap-northeast-2");
        assertThat(message.block("reason")).startsWith("*Reason (AWS)*\n>Threshold Crossed: 2 out of the last 2 datapoints");
        assertThat(message.block("actions")).startsWith("*Actions taken*\n_None yet");
        assertThat(message.block("links"))
                .contains("<https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2"
                        + "#alarmsV2:alarm/Buddy-Unhealthy-Hosts|Alarm>")
                .contains("<https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2"
                        + "#dashboards/dashboard/CPU-Per-Second|Dashboard CPU-Per-Second>")
                .contains("incident `Buddy-Unhealthy-Hosts`");
        assertThat(slack.accepted()).hasSize(1);
    }

    @Test
    void aWarningGoesToTheWarningChannelAndAnAlarmOfTheCoreStackLinksItsResourceInItsRegion() {
        notifier.sample("alarm-replica-lag.json");

        Request message = single(slack.roots());
        assertThat(message.channel()).isEqualTo("C0WARNING");
        assertThat(message.block("facts")).contains("<https://ap-northeast-2.console.aws.amazon.com/rds/home?region=ap-northeast-2"
                + "#database:id=database1-replica;is-cluster=false|database1-replica>");
        assertThat(message.block("facts")).contains("*Threshold*\n120");
    }

    @Test
    void repeatedAlarmsForAnOpenIncidentDoNotPostAgain() {
        notifier.sample("alarm-cpu-high.json");
        String again = SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json"), "11111111-2222-4333-8444-555555555555");
        notifier.clock.advance(Duration.ofMinutes(3));

        Result result = notifier.invoke(again);

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.change()).isEqualTo("repeat");
        assertThat(slack.accepted()).hasSize(1);
    }

    @Test
    void theWholeStoryThreadsUnderTheOneMessageAndTheMessageFollowsIt() {
        notifier.sample("alarm-cpu-high.json");
        String ts = single(slack.roots()).ts();

        notifier.clock.advance(Duration.ofSeconds(2));
        Result applied = notifier.sample("ops-action-applied.json");
        notifier.clock.advance(Duration.ofMinutes(3));
        // A schedule re-check's action names no alarm: it finds the incident through the group it changed.
        Result skipped = notifier.sample("ops-action-skipped.json");
        notifier.clock.advance(Duration.ofMinutes(2));
        Result noData = notifier.sample("alarm-cpu-high-insufficient-data.json");
        notifier.clock.set(Notifier.START.plusSeconds(750));
        Result ok = notifier.sample("alarm-cpu-high-ok.json");

        assertThat(List.of(applied, skipped, noData, ok)).extracting(Result::status).containsOnly("notified");
        assertThat(List.of(applied, skipped, noData, ok)).extracting(Result::change)
                .containsExactly("action-recorded", "action-recorded", "noted", "resolved");
        assertThat(slack.roots()).hasSize(1);
        List<Request> thread = slack.repliesTo(ts);
        assertThat(thread).extracting(Request::text).satisfiesExactly(
                first -> assertThat(first).startsWith(":white_check_mark: ScalingTunerFunction applied SetDesiredCapacity on"
                        + " Buddy-AutoScaling-Group: 2 → 3"),
                second -> assertThat(second).startsWith(":fast_forward: ScalingTunerFunction skipped SetDesiredCapacity")
                        .contains("cooldown: Buddy-AutoScaling-Group was changed"),
                third -> assertThat(third).startsWith(":white_circle: _The alarm has insufficient data_"),
                fourth -> assertThat(fourth).startsWith(":white_check_mark: Resolved after 12m 30s"));
        assertThat(thread).allSatisfy(reply -> assertThat(reply.channel()).isEqualTo("C0WARNING"));

        List<Request> updates = slack.updatesOf(ts);
        // One update per action and one for the resolution; the insufficient-data note is quiet.
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0).block("actions")).contains("SetDesiredCapacity` Buddy-AutoScaling-Group 2 → 3 (applied)");
        assertThat(updates.get(1).block("actions")).contains("(applied)").contains("3 → 4 (skipped)");
        Request resolved = updates.get(2);
        assertThat(resolved.block("title")).isEqualTo(":white_check_mark: Resolved: Buddy-CPU-High");
        assertThat(resolved.block("status")).isEqualTo("*Resolved* after 12m 30s (08:00 → 08:12 UTC): the alarm is back to OK");
        assertThat(resolved.text()).isEqualTo("Resolved: Buddy-CPU-High after 12m 30s");
        assertThat(ok.incident().status()).isEqualTo("resolved");
        assertThat(ok.incident().actions()).isEqualTo(2);
    }

    @Test
    void anAlarmThatFlapsReopensTheSameIncidentInItsThread() {
        notifier.sample("alarm-cpu-high.json");
        notifier.clock.advance(Duration.ofMinutes(5));
        notifier.sample("alarm-cpu-high-ok.json");
        notifier.clock.advance(Duration.ofMinutes(4));

        Result again = notifier.invoke(SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json"),
                "22222222-3333-4444-8555-666666666666"));

        assertThat(again.change()).isEqualTo("reopened");
        assertThat(again.incident().reopenCount()).isEqualTo(1);
        String ts = single(slack.roots()).ts();
        assertThat(slack.repliesTo(ts)).last().extracting(Request::text).asString()
                .startsWith(":repeat: Fired again 4m 00s after it cleared: reopened (flap 1)");
        Request reopened = slack.updatesOf(ts).get(slack.updatesOf(ts).size() - 1);
        assertThat(reopened.block("status")).startsWith("*In ALARM again* since 2026-11-25 08:00 UTC");
        assertThat(reopened.block("facts")).contains("*Flapping*\nreopened 1×");
    }

    @Test
    void anAlarmFiringLongAfterItResolvedStartsANewIncidentWithItsOwnMessage() {
        notifier.sample("alarm-cpu-high.json");
        notifier.sample("alarm-cpu-high-ok.json");
        notifier.clock.advance(Duration.ofHours(2));

        Result later = notifier.invoke(SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json"),
                "33333333-4444-4555-8666-777777777777"));

        assertThat(later.change()).isEqualTo("opened");
        assertThat(slack.roots()).hasSize(2);
        assertThat(slack.roots().get(1).block("status")).isEqualTo("*In ALARM* since 2026-11-25 10:00 UTC");
    }

    @Test
    void anOkWithoutAnOpenIncidentSaysNothing() {
        Result result = notifier.sample("alarm-cpu-high-ok.json");

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).isEqualTo("alarm 'Buddy-CPU-High' is OK and has no open incident");
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void aFailedActionWithNoIncidentToBelongToOpensOneOfItsOwn() {
        Result result = notifier.sample("ops-action-failed.json");

        assertThat(result.change()).isEqualTo("opened");
        assertThat(result.incident().key()).isEqualTo("action:Buddy-AutoScaling-Group");
        Request message = single(slack.roots());
        assertThat(message.block("title")).isEqualTo(":large_orange_circle: Warning: ScalingTunerFunction: UpdateGroupLimits"
                + " failed on Buddy-AutoScaling-Group");
        assertThat(message.block("actions")).contains("UpdateGroupLimits` Buddy-AutoScaling-Group 4 → 5 (failed)");
        assertThat(message.block("reason")).contains("You have reached the maximum number of instances");
    }

    @Test
    void anActionOnAnAlarmThatNeverOpensAnIncidentIsNotWorthAMessage() {
        // Buddy-CPU-Low is a quiet alarm (a scale-in signal): no incident will ever come for its actions to wait for.
        Result result = notifier.invoke(Notifier.sampleEvent("ops-action-dry-run.json").replace("Buddy-CPU-High", "Buddy-CPU-Low"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("no open incident for alarm 'Buddy-CPU-Low'");
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void aDatabaseFailoverOpensAnIncidentThatTheRecoveryEventResolves() {
        Result started = notifier.sample("rds-failover-started.json");
        notifier.clock.advance(Duration.ofSeconds(100));
        Result completed = notifier.sample("rds-failover-completed.json");

        assertThat(started.incident().key()).isEqualTo("rds:database1");
        assertThat(started.incident().severity()).isEqualTo("critical");
        assertThat(completed.change()).isEqualTo("resolved");
        Request message = single(slack.roots());
        assertThat(message.block("title")).isEqualTo(":red_circle: Critical: RDS instance database1");
        assertThat(message.block("reason")).isEqualTo("*Latest event*\n>RDS-EVENT-0013: A Multi-AZ failover that resulted in"
                + " the promotion of a standby instance has started.");
        assertThat(slack.repliesTo(message.ts())).singleElement().extracting(Request::text).asString()
                .startsWith(":white_check_mark: Resolved after 1m 40s").contains("RDS-EVENT-0049: A Multi-AZ failover has completed.");
        assertThat(slack.updatesOf(message.ts())).singleElement()
                .satisfies(update -> assertThat(update.block("status")).contains("A Multi-AZ failover has completed."));
    }

    @Test
    void scalingFailuresGatherInOneIncidentThatResolvesAfterAQuietPeriod() {
        notifier.sample("scaling-launch-unsuccessful.json");
        notifier.clock.advance(Duration.ofMinutes(18));
        notifier.sample("scaling-terminate-unsuccessful.json");
        notifier.clock.advance(Duration.ofMinutes(29));
        Result early = notifier.tick();
        notifier.clock.advance(Duration.ofMinutes(2));

        Result due = notifier.tick();

        assertThat(early.status()).isEqualTo("no-action");
        assertThat(due.status()).isEqualTo("delivered");
        assertThat(due.notes()).singleElement().asString().startsWith("incident asg:Buddy-AutoScaling-Group resolved after 49m");
        Request message = single(slack.roots());
        assertThat(message.block("reason")).contains("Launch unsuccessful in ap-northeast-2a: We currently do not have sufficient");
        assertThat(slack.repliesTo(message.ts())).extracting(Request::text).satisfiesExactly(
                first -> assertThat(first).startsWith(":memo: EC2 Instance Terminate Unsuccessful Terminate unsuccessful"
                        + " (i-0abc123def4567890) in ap-northeast-2c"),
                second -> assertThat(second).startsWith(":white_check_mark: Resolved after 49m 00s").contains("no new events for 30m"));
    }

    @Test
    void aScheduleTickWithNothingToDoCallsNobody() {
        Result result = notifier.tick();

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).isEqualTo("the outbox is empty and no incident is due to resolve");
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void nothingIsLeftInTheOutboxOnceSlackTookEverything() {
        notifier.sample("alarm-cpu-high.json");
        notifier.sample("ops-action-applied.json");
        notifier.sample("alarm-cpu-high-ok.json");

        assertThat(StateItems.keys(dynamoDb)).noneMatch(key -> key.startsWith("outbox#"));
        assertThat(StateItems.incident(dynamoDb, "Buddy-CPU-High")).doesNotContainKey("pending");
    }

    static Request single(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
