package link.buddyverse.ops.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.localslack.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Bad input is rejected (malformed) or skipped (not ours) with a reason that names the field, and never
 * throws: a retry cannot fix it. Nothing is written and Slack hears nothing.
 */
@ExtendWith({MotoExtension.class, OneRequestAtATime.class})
class MalformedEventsTest {

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
    void nothingWasWrittenAndSlackHeardNothing() {
        assertThat(StateItems.keys(dynamoDb)).isEmpty();
        assertThat(slack.requests()).isEmpty();
        notifier.close();
        slack.close();
    }

    @Test
    void inputThatIsNoEventAtAllIsRejected() {
        assertThat(rejected("[1, 2, 3]")).contains("must be a JSON object");
        assertThat(rejected("{\"hello\": \"world\"}")).contains("neither an EventBridge event").contains("an SNS notification");
    }

    @Test
    void aNullInputIsRejected() {
        Result result = notifier.invoke(notifier.first(), (JsonNode) null);

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("must be a JSON object").contains("null");
    }

    @Test
    void inputsThatAreNoObjectAreRejected() {
        assertThat(rejected("\"an alarm, honestly\"")).contains("must be a JSON object");
        assertThat(rejected("42")).contains("must be a JSON object");
        assertThat(rejected("null")).contains("must be a JSON object");
    }

    @Test
    void anEventIdOfTenThousandCharactersIsRejectedNotKeyed() {
        String event = SampleEvents.withId(Notifier.sampleEvent("alarm-cpu-high.json"), "e".repeat(10_000));

        assertThat(rejected(event)).contains("its id is 10000 characters long");
    }

    @Test
    void aSuccessfulScalingActivityIsSkippedOnlyUnsuccessfulOnesOpenIncidents() {
        String event = Notifier.sampleEvent("scaling-launch-unsuccessful.json")
                .replace("EC2 Instance Launch Unsuccessful", "EC2 Instance Launch Successful");

        Result result = notifier.invoke(event);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("only unsuccessful Auto Scaling activities open one");
    }

    @Test
    void aTriggerTheNotifierDoesNotTakeIsSkippedNamingWhatItTakes() {
        String event = "{\"version\": \"0\", \"id\": \"lifecycle-1\", \"detail-type\": \"EC2 Instance-launch Lifecycle Action\","
                + " \"source\": \"aws.autoscaling\", \"time\": \"2026-11-25T08:00:00Z\", \"detail\": {"
                + " \"AutoScalingGroupName\": \"Buddy-AutoScaling-Group\", \"LifecycleHookName\": \"hook\","
                + " \"LifecycleActionToken\": \"token\", \"EC2InstanceId\": \"i-0123456789abcdef0\"}}";

        Result result = notifier.invoke(event);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("IncidentNotifierFunction does not take");
    }

    @Test
    void anOpsActionWithoutItsOutcomeIsRejectedNamingTheField() {
        String event = Notifier.sampleEvent("ops-action-applied.json").replace("\"status\": \"applied\"", "\"state\": \"applied\"");

        assertThat(rejected(event)).isEqualTo("malformed event: the EventBridge event has no 'detail.outcome.status'"
                + " (a required string)");
    }

    @Test
    void anOpsActionWithAnUnknownStatusIsRejectedListingTheKnownOnes() {
        String event = Notifier.sampleEvent("ops-action-applied.json").replace("\"status\": \"applied\"", "\"status\": \"exploded\"");

        assertThat(rejected(event)).endsWith("'detail.outcome.status' must be one of applied, dry-run, failed, skipped,"
                + " got 'exploded'");
    }

    @Test
    void anOpsActionWithoutTheResourceItChangedIsRejected() {
        String event = Notifier.sampleEvent("ops-action-applied.json").replace("\"resource\": \"Buddy-AutoScaling-Group\",", "");

        assertThat(rejected(event)).contains("has no 'detail.action.resource'");
    }

    @Test
    void anRdsEventWithoutItsInstanceIsRejected() {
        String event = Notifier.sampleEvent("rds-failover-started.json").replace("\"SourceIdentifier\": \"database1\"",
                "\"SourceIdentifier\": \"\"");

        assertThat(rejected(event)).contains("'detail.SourceIdentifier' must be a non-empty string, got the string ''");
    }

    @Test
    void aScalingEventWhoseGroupIsNotAStringIsRejected() {
        String event = Notifier.sampleEvent("scaling-launch-unsuccessful.json").replace(
                "\"AutoScalingGroupName\": \"Buddy-AutoScaling-Group\"", "\"AutoScalingGroupName\": 42");

        assertThat(rejected(event)).contains("'detail.AutoScalingGroupName' must be a non-empty string, got the value 42");
    }

    @Test
    void anEventWithATimeThatIsNoTimeIsRejected() {
        String event = Notifier.sampleEvent("scaling-terminate-unsuccessful.json").replace(
                "\"time\": \"2026-11-25T11:20:00Z\"", "\"time\": \"yesterday\"");

        assertThat(rejected(event)).contains("'time' is not an ISO-8601 timestamp: 'yesterday'");
    }

    @Test
    void anAlarmInAStateThatDoesNotExistIsRejected() {
        String event = Notifier.sampleEvent("alarm-cpu-high.json").replace("\"value\": \"ALARM\"", "\"value\": \"ON_FIRE\"");

        assertThat(rejected(event)).contains("must be OK, ALARM or INSUFFICIENT_DATA, got 'ON_FIRE'");
    }

    @Test
    void eventsOfAKindTheNotifierDoesNotHandleAreSkipped() {
        String event = Notifier.sampleEvent("alarm-cpu-high.json").replace("CloudWatch Alarm State Change",
                "EC2 Instance State-change Notification");

        Result result = notifier.invoke(event);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("'EC2 Instance State-change Notification' are not handled here");
    }

    @Test
    void alarmsOfOtherStacksAreSkipped() {
        Result result = notifier.invoke(Notifier.sampleEvent("alarm-cpu-high.json").replace("Buddy-CPU-High", "Payroll-CPU-High"));

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).isEqualTo("alarm 'Payroll-CPU-High' is not one of the Buddyverse stack's (prefix"
                + " 'Buddy-', or one of [Buddy-CPU-High, Buddy-Unhealthy-Hosts])");
    }

    @Test
    void anAlarmThatSignalsTheAutomationRatherThanAHumanIsSkipped() {
        Result result = notifier.invoke(Notifier.sampleEvent("alarm-cpu-high.json").replace("Buddy-CPU-High", "Buddy-CPU-Low"));

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("'Buddy-CPU-Low' signals the automation, not a human");
    }

    private String rejected(String event) {
        Result result = notifier.invoke(event);
        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.function()).isEqualTo("IncidentNotifierFunction");
        return result.reason();
    }
}
