package link.buddyverse.ops.kit.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.apply.ActionExecutors;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.EventDecoder;
import link.buddyverse.ops.kit.event.Trigger;
import link.buddyverse.ops.kit.plan.Plan;
import link.buddyverse.ops.kit.recheck.SendRecheck;
import link.buddyverse.ops.kit.recheck.SendRecheckExecutor;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.CooldownLocks;
import link.buddyverse.ops.kit.state.IdempotencyStore;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one skeleton, with a small function whose one action is real (a re-check sent to an SQS queue in moto):
 * what every function built on the kit gets, whatever its decisions.
 */
@ExtendWith(MotoExtension.class)
class EventSkeletonTest {

    static final String ALARM = """
            {"version":"0","id":"%s","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch",
             "account":"123456789012","time":"2026-11-25T08:00:00Z","region":"ap-northeast-2","resources":[],
             "detail":{"alarmName":"%s","state":{"value":"ALARM"},"previousState":{"value":"OK"}}}
            """;
    static final String TICK = """
            {"version":"0","id":"tick-1","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",
             "time":"2026-11-25T08:00:00Z","region":"ap-northeast-2","resources":["arn:aws:events:x:rule/r"],"detail":{}}
            """;

    final JsonMapper json = JsonMapper.createDefault();
    SqsClient sqs;
    String queueUrl;
    EventSkeleton skeleton;

    /** Re-checks every alarm whose name starts with "Loud"; the others need nothing. */
    final PlanningFunction rechecker = new PlanningFunction() {
        @Override
        public String name() {
            return "RecheckerFunction";
        }

        @Override
        public Set<Class<? extends Trigger>> accepts() {
            return Set.of(AlarmStateChange.class);
        }

        @Override
        public Plan plan(Trigger trigger, Instant now) {
            String alarm = ((AlarmStateChange) trigger).alarmName();
            if (alarm.startsWith("Ceiling")) {
                return new Plan(List.of(), java.time.Duration.ZERO,
                        List.of("critical: " + alarm + " is at its hard ceiling: a human must look"), List.of("no action: at the ceiling"));
            }
            if (alarm.startsWith("Warned")) {
                return new Plan(List.of(), java.time.Duration.ZERO, List.of(alarm + " is close to its ceiling"), List.of("no action"));
            }
            if (!alarm.startsWith("Loud")) {
                return Plan.nothing("no action: " + alarm + " is quiet");
            }
            return new Plan(List.of(SendRecheck.next(queueUrl, name(), alarm, trigger.eventId(), 1, 0, Map.of(), "look again")),
                    java.time.Duration.ZERO, List.of(), List.of());
        }

        @Override
        public OpsResult rehearse(Trigger sample) {
            return OpsResult.withoutPlan(name(), "dry-run", null, "rehearsal");
        }
    };

    @BeforeEach
    void wire() {
        AwsClients clients = new AwsClients();
        DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder());
        OpsStateTableSchema.createIfMissing(dynamoDb, "OpsState");
        sqs = clients.build(SqsClient.builder());
        queueUrl = sqs.createQueue(b -> b.queueName("rechecks")).queueUrl();
        OpsSettings settings = new OpsSettings(false, "OpsState", "default", 24, 60);
        ActionExecutors executors = new ActionExecutors(List.of(new SendRecheckExecutor(sqs, json)), json);
        skeleton = new EventSkeleton(new EventDecoder(json), new IdempotencyStore(dynamoDb, settings),
                new link.buddyverse.ops.kit.state.ResourceLeases(dynamoDb, settings),
                new Applier(executors, new CooldownLocks(dynamoDb, settings), settings),
                executors, java.util.Optional.of(new OpsEventTeller(clients.build(EventBridgeClient.builder()), json, settings)),
                new link.buddyverse.ops.kit.tell.CriticalEpisodes(dynamoDb, settings), json, settings,
                new CurrentInvocation(), Clock.systemUTC(), new link.buddyverse.ops.kit.event.StackScope("123456789012", "ap-northeast-2"));
    }

    @Test
    void inAnSqsBatchOnlyTheRecordThatFailedRetryablyIsDeliveredAgainAndTheOthersCompleteOnce(Gateway gateway) {
        String batch = batch(record("m-1", alarm("e-1", "Quiet-1")), record("m-2", alarm("e-2", "Loud")),
                record("m-3", alarm("e-3", "Quiet-2")));
        gateway.faults().on("sqs", "SendMessage").throttle().always();

        OpsResult first = run(batch);

        assertThat(first.status()).isEqualTo("batch");
        assertThat(first.batchItemFailures()).extracting(OpsResult.BatchItemFailure::itemIdentifier).containsExactly("m-2");
        assertThat(first.records()).extracting(OpsResult::status).containsExactly("no-action", "failed", "no-action");
        assertThat(messagesInQueue()).isZero();

        gateway.faults().clear();
        OpsResult redelivered = run(batch);

        assertThat(redelivered.batchItemFailures()).isEmpty();
        assertThat(redelivered.records()).extracting(OpsResult::status).containsExactly("duplicate", "applied", "duplicate");
        assertThat(run(batch).records()).extracting(OpsResult::status).containsOnly("duplicate");
        assertThat(messagesInQueue()).isEqualTo(1);
    }

    @Test
    void anSqsDuplicateOfAnEventAnotherInvocationStillHoldsGoesBackToTheQueue(Gateway gateway) throws Exception {
        String batch = batch(record("m-1", alarm("e-1", "Loud-1")));
        link.buddyverse.ops.localaws.Faults.Fault slow = gateway.faults().on("sqs", "SendMessage")
                .delay(java.time.Duration.ofMillis(1500)).nextCalls(1);
        java.util.concurrent.CompletableFuture<OpsResult> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(batch));
        for (int i = 0; i < 200 && slow.hits() == 0; i++) {
            Thread.sleep(10);
        }

        OpsResult duplicate = run(batch);

        assertThat(duplicate.records()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("duplicate");
            assertThat(r.reason()).contains("is being handled");
        });
        assertThat(duplicate.batchItemFailures()).extracting(OpsResult.BatchItemFailure::itemIdentifier).containsExactly("m-1");
        assertThat(first.get().records()).extracting(OpsResult::status).containsExactly("applied");
        OpsResult redelivered = run(batch);
        assertThat(redelivered.batchItemFailures()).isEmpty();
        assertThat(redelivered.records()).extracting(OpsResult::status).containsExactly("duplicate");
        assertThat(messagesInQueue()).isEqualTo(1);
    }

    @Test
    void aCriticalWarningNoActionCanAddressIsToldOncePerEpisodeAndAPlainWarningNever(Gateway gateway) {
        OpsResult first = run(alarm("c-1", "Ceiling-1"));
        OpsResult recheck = run(alarm("c-2", "Ceiling-1"));
        run(alarm("w-1", "Warned-1"));

        assertThat(first.status()).isEqualTo("no-action");
        assertThat(recheck.warnings()).singleElement().asString().startsWith("critical:");
        List<link.buddyverse.ops.localaws.Call> told = gateway.calls().of("events", "PutEvents");
        assertThat(told).as("one Ops Action for the episode, none for its re-check or the plain warning").hasSize(1);
        assertThat(told.get(0).parameters()).contains("NoAction").contains("skipped")
                .contains("critical: Ceiling-1 is at its hard ceiling");
    }

    @Test
    void aRecordThatCannotBeDecodedIsRejectedAndNeverDeliveredAgain() {
        OpsResult result = run(batch(record("m-1", "{not json"), record("m-2", alarm("e-2", "Quiet"))));

        assertThat(result.records()).extracting(OpsResult::status).containsExactly("rejected", "no-action");
        assertThat(result.batchItemFailures()).isEmpty();
    }

    @Test
    void anEventOfAnotherAccountOrRegionIsSkippedWithTheReasonAndNeverClaimed() {
        OpsResult otherAccount = run(alarm("e-9", "Loud").replace("\"account\":\"123456789012\"", "\"account\":\"210987654321\""));
        assertThat(otherAccount.status()).isEqualTo("skipped");
        assertThat(otherAccount.reason()).contains("account 210987654321").contains("this stack's account 123456789012");

        OpsResult otherRegion = run(alarm("e-9", "Loud").replace("\"region\":\"ap-northeast-2\"", "\"region\":\"us-east-1\""));
        assertThat(otherRegion.status()).isEqualTo("skipped");
        assertThat(otherRegion.reason()).contains("region us-east-1").contains("this stack's region ap-northeast-2");
        assertThat(messagesInQueue()).isZero();

        // The same event from this stack's own account and region is acted on: the skips claimed nothing.
        assertThat(run(alarm("e-9", "Loud")).status()).isEqualTo("applied");
        assertThat(messagesInQueue()).isEqualTo(1);
    }

    @Test
    void aTriggerTheFunctionDoesNotDeclareIsSkippedWithTheReason() {
        OpsResult result = run(TICK);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).isEqualTo("RecheckerFunction does not take schedule events (it takes: AlarmStateChange)");
    }

    @Test
    void theBatchResponseIsWhatLambdaReadsForPartialFailures(Gateway gateway) throws IOException {
        gateway.faults().on("sqs", "SendMessage").throttle().always();

        String response = json.writeValueAsString(run(batch(record("m-9", alarm("e-9", "Loud-9")))));

        assertThat(response).contains("\"batchItemFailures\":[{\"itemIdentifier\":\"m-9\"}]");
    }

    private OpsResult run(String input) {
        try {
            return skeleton.run(json.readValue(input, JsonNode.class), rechecker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int messagesInQueue() {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }

    private static String alarm(String id, String name) {
        return ALARM.formatted(id, name);
    }

    private String batch(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    private String record(String messageId, String body) {
        try {
            return "{\"messageId\":\"" + messageId + "\",\"receiptHandle\":\"r\",\"body\":" + json.writeValueAsString(body)
                    + ",\"eventSource\":\"aws:sqs\",\"awsRegion\":\"ap-northeast-2\"}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
