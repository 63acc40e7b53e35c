package link.buddyverse.ops.efs;

import static link.buddyverse.ops.efs.BuddyFileSystem.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Call;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * EfsGuardFunction end to end against moto through the local gateway (which plays UpdateFileSystem with EFS's
 * 24-hour rule, and bridges the CloudWatch client's CBOR): sample events go in, the file system's throughput mode
 * really changes (read back with DescribeFileSystems), and the memory and ops events say what happened.
 */
@ExtendWith(MotoExtension.class)
class EfsGuardHandlerTest {

    static final double RECOVERED = 1_300_000_000_000d;   // above the default 1,132,462,080,000 bytes

    BuddyFileSystem buddy;

    @BeforeEach
    void createBuddyEfs() {
        buddy = new BuddyFileSystem();
    }

    @AfterEach
    void closeContainers() {
        buddy.close();
    }

    @Test
    void lowCreditsSwitchABurstingFileSystemToElastic(Gateway gateway) {
        OpsResult result = buddy.deliver(buddy.container(), sample("credits-low-alarm.json", "e-1"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.plan()).singleElement().satisfies(action -> {
            assertThat(action.action()).isEqualTo("SetThroughputMode");
            assertThat(action.before()).isEqualTo("bursting");
            assertThat(action.after()).isEqualTo("elastic");
        });
        assertThat(buddy.mode()).isEqualTo("elastic");
        assertThat(gateway.calls().last("efs", "UpdateFileSystem").handledBy()).isEqualTo("played");
        assertThat(memory()).contains("\"to\":\"elastic\"");
    }

    @Test
    void theThroughputAlarmAlsoSwitchesABurstingFileSystemToElastic() {
        OpsResult result = buddy.deliver(buddy.container(), sample("throughput-high-alarm.json", "e-1"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }

    @Test
    void anAlreadyElasticFileSystemIsLeftAlone(Gateway gateway) {
        buddy.efs.updateFileSystem(b -> b.fileSystemId(buddy.id).throughputMode("elastic"));

        OpsResult result = buddy.deliver(buddy.container(), sample("credits-low-alarm.json", "e-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("already in elastic throughput mode");
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isEqualTo(1);
    }

    @Test
    void recoveredCreditsTooSoonAfterTheChangeWaitAndNameTheTime(Gateway gateway) {
        buddy.deliver(buddy.container(), sample("credits-low-alarm.json", "e-1"));
        Instant changed = Instant.now();
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());

        OpsResult result = buddy.deliver(buddy.container(), sample("credits-low-ok.json", "ok-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).startsWith("not yet: burst credits recovered").contains("waits until then");
        Instant allowed = Instant.parse(result.reason().replaceAll(".* from (\\S+): it waits until then", "$1"));
        assertThat(allowed).isBetween(changed.plus(Duration.ofHours(24)).minusSeconds(60), changed.plus(Duration.ofHours(24)));
        assertThat(buddy.mode()).isEqualTo("elastic");
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isEqualTo(1);
    }

    @Test
    void recoveredCreditsAWholeDayAfterTheChangeReturnToBurstingWithCostSaving(Gateway gateway) {
        changedToElasticADayAgo(gateway);
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());

        OpsResult result = buddy.deliver(buddy.container(), sample("credits-low-ok.json", "ok-1"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(result.plan()).singleElement().satisfies(action -> {
            assertThat(action.before()).isEqualTo("elastic");
            assertThat(action.after()).isEqualTo("bursting");
            assertThat(action.reason()).contains("burst credits recovered").contains("for 6 h");
        });
        assertThat(buddy.mode()).isEqualTo("bursting");
    }

    @Test
    void theHourlyCheckReturnsItToBurstingOnceTheAlarmIsOkAndTheDayHasPassed(Gateway gateway) {
        changedToElasticADayAgo(gateway);
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());
        buddy.alarmIs("Buddy-EFS-Burst-Credits-Low", StateValue.OK);

        OpsResult result = buddy.deliver(buddy.container(), sample("hourly-check.json", "tick-1"));

        assertThat(result.status()).isEqualTo("applied");
        assertThat(buddy.mode()).isEqualTo("bursting");
    }

    @Test
    void theHourlyCheckKeepsItElasticWhileTheCreditsAlarmIsStillInAlarm(Gateway gateway) {
        changedToElasticADayAgo(gateway);
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());
        buddy.alarmIs("Buddy-EFS-Burst-Credits-Low", StateValue.ALARM);

        OpsResult result = buddy.deliver(buddy.container(), sample("hourly-check.json", "tick-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("already in elastic");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }

    @Test
    void recoveredCreditsWithCostSavingOffStayElastic(Gateway gateway) {
        changedToElasticADayAgo(gateway);
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());

        OpsResult result = buddy.deliver(buddy.container(Map.of("efs.cost-saving", false), Clock.systemUTC()),
                sample("credits-low-ok.json", "ok-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("cost saving is off");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }

    @Test
    void creditsThatDippedWithinTheRecoveryWindowKeepItElastic(Gateway gateway) {
        changedToElasticADayAgo(gateway);
        buddy.creditsHeldAt(RECOVERED, Duration.ofHours(7), Instant.now());
        buddy.creditsHeldAt(500_000_000_000d, Duration.ofMinutes(30), Instant.now().minus(Duration.ofHours(2)));

        OpsResult result = buddy.deliver(buddy.container(), sample("credits-low-ok.json", "ok-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.reason()).contains("went down to 465.7 GiB");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }

    @Test
    void anIoLimitEpisodeIsReportedOnceWithItsEvidence(Gateway gateway) {
        buddy.ioLimitAt(99.5, Duration.ofMinutes(20), Instant.now());
        buddy.alarmIs("Buddy-EFS-IO-Limit-High", StateValue.ALARM);
        var container = buddy.container();

        OpsResult first = buddy.deliver(container, sample("io-limit-alarm.json", "io-1"));
        OpsResult refire = buddy.deliver(container, sample("io-limit-alarm.json", "io-2"));
        OpsResult tick = buddy.deliver(container, sample("hourly-check.json", "tick-1"));

        assertThat(first.status()).isEqualTo("applied");
        assertThat(first.plan()).singleElement().satisfies(a -> assertThat(a.action()).isEqualTo("ReportIoLimitEpisode"));
        assertThat(first.warnings()).singleElement().asString().contains("99.5%").contains("cannot be raised in place");
        assertThat(refire.status()).isEqualTo("no-action");
        assertThat(refire.reason()).contains("it is reported once");
        assertThat(tick.status()).isEqualTo("no-action");
        assertThat(opsEvents(gateway, "ReportIoLimitEpisode")).hasSize(1);
        assertThat(buddy.mode()).isEqualTo("bursting");
    }

    @Test
    void anIoAlarmFlappingWithinTheQuietTimeIsTheSameEpisode(Gateway gateway) {
        var container = buddy.container();
        buddy.deliver(container, sample("io-limit-alarm.json", "io-1"));

        OpsResult ok = buddy.deliver(container, sample("io-limit-ok.json", "ok-1"));
        OpsResult again = buddy.deliver(buddy.container(), sample("io-limit-alarm.json", "io-2"));

        assertThat(ok.status()).isEqualTo("applied");
        assertThat(ok.plan()).singleElement().satisfies(o -> assertThat(o.after()).isEqualTo("IO limit episode ended"));
        assertThat(again.status()).isEqualTo("applied");
        assertThat(again.plan()).singleElement().satisfies(o -> assertThat(o.after()).isEqualTo("IO limit episode resumed"));
        assertThat(opsEvents(gateway, "ReportIoLimitEpisode")).hasSize(1);
    }

    @Test
    void anIoAlarmAfterTheQuietTimeIsANewEpisodeReportedAgain(Gateway gateway) {
        buddy.deliver(buddy.container(), sample("io-limit-alarm.json", "io-1"));
        buddy.deliver(buddy.container(), sample("io-limit-ok.json", "ok-1"));
        Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));

        OpsResult next = buddy.deliver(buddy.container(Map.of(), twoHoursLater), sample("io-limit-alarm.json", "io-2"));

        assertThat(next.status()).isEqualTo("applied");
        assertThat(next.plan()).singleElement().satisfies(a -> assertThat(a.action()).isEqualTo("ReportIoLimitEpisode"));
        assertThat(opsEvents(gateway, "ReportIoLimitEpisode")).hasSize(2);
    }

    @Test
    void theSameEventDeliveredTwiceChangesTheModeOnce(Gateway gateway) {
        var container = buddy.container();

        OpsResult first = buddy.deliver(container, sample("credits-low-alarm.json", "e-1"));
        OpsResult second = buddy.deliver(container, sample("credits-low-alarm.json", "e-1"));

        assertThat(first.status()).isEqualTo("applied");
        assertThat(second.status()).isEqualTo("duplicate");
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isEqualTo(1);
    }

    @Test
    void twoAlarmsAtTheSameMomentMakeOneThroughputChange(Gateway gateway) throws Exception {
        var a = buddy.container();
        var b = buddy.container();
        CyclicBarrier start = new CyclicBarrier(2);

        CompletableFuture<OpsResult> credits = CompletableFuture.supplyAsync(() -> {
            await(start);
            return buddy.deliver(a, sample("credits-low-alarm.json", "e-a"));
        });
        CompletableFuture<OpsResult> throughput = CompletableFuture.supplyAsync(() -> {
            await(start);
            return buddy.deliver(b, sample("throughput-high-alarm.json", "e-b"));
        });
        List<OpsResult> results = List.of(credits.get(), throughput.get());

        assertThat(results).extracting(OpsResult::status).contains("applied");
        assertThat(results).filteredOn(r -> !r.status().equals("applied")).allSatisfy(r ->
                assertThat(r.status()).isIn("skipped", "no-action"));
        assertThat(gateway.calls().of("efs", "UpdateFileSystem")).filteredOn(c -> c.status() < 300).hasSize(1);
        assertThat(buddy.mode()).isEqualTo("elastic");
    }

    @Test
    void dryRunPlansButChangesNothing(Gateway gateway) {
        OpsResult result = buddy.deliver(buddy.container(Map.of("ops.dry-run", true), Clock.systemUTC()),
                sample("credits-low-alarm.json", "e-1"));

        assertThat(result.status()).isEqualTo("dry-run");
        assertThat(result.plan()).hasSize(1);
        assertThat(buddy.mode()).isEqualTo("bursting");
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isZero();
        assertThat(memory()).isNull();
    }

    @Test
    void aMalformedEventIsRejectedWithoutAnyChange(Gateway gateway) {
        OpsResult result = buddy.deliver(buddy.container(), "{\"hello\": \"world\"}");

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isZero();
    }

    @Test
    void anAlarmEventWithoutItsStateIsRejectedNamingTheMissingField() {
        String event = sample("credits-low-alarm.json", "e-1").replace("\"value\": \"ALARM\"", "\"valu\": \"ALARM\"");

        OpsResult result = buddy.deliver(buddy.container(), event);

        assertThat(result.status()).isEqualTo("rejected");
        assertThat(result.reason()).contains("'detail.state.value'");
        assertThat(buddy.mode()).isEqualTo("bursting");
    }

    @Test
    void anAlarmThatIsNotManagedIsSkippedWithItsReason() {
        String event = sample("credits-low-alarm.json", "e-1").replace("\"alarmName\": \"Buddy-EFS-Burst-Credits-Low\"",
                "\"alarmName\": \"Someone-Elses-Alarm\"");

        OpsResult result = buddy.deliver(buddy.container(), event);

        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.reason()).contains("'Someone-Elses-Alarm' is not managed");
        assertThat(buddy.mode()).isEqualTo("bursting");
    }

    @Test
    void aMissingFileSystemIsAWarningNotACrash() {
        OpsResult result = buddy.deliver(buddy.container(Map.of("efs.file-system", "fs-00000000000000000"), Clock.systemUTC()),
                sample("credits-low-alarm.json", "e-1"));

        assertThat(result.status()).isEqualTo("no-action");
        assertThat(result.warnings()).singleElement().asString().contains("'fs-00000000000000000' does not exist");
    }

    /** The function itself switched Buddy-EFS to elastic 25 hours ago: its clock and AWS's both at that moment. */
    private void changedToElasticADayAgo(Gateway gateway) {
        Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(25)).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        gateway.played().clock(dayAgo);
        try {
            OpsResult change = buddy.deliver(buddy.container(Map.of(), dayAgo), sample("credits-low-alarm.json", "e-yesterday"));
            assertThat(change.status()).isEqualTo("applied");
        } finally {
            gateway.played().clock(Clock.systemUTC());
        }
    }

    private String memory() {
        Map<String, AttributeValue> item = buddy.dynamoDb.getItem(b -> b.tableName(BuddyFileSystem.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("memory#EfsGuardFunction#" + buddy.id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item.get("data").s();
    }

    private static List<Call> opsEvents(Gateway gateway, String action) {
        return gateway.calls().of("eventbridge", "PutEvents").stream()
                .filter(c -> c.parameters().contains(action) && c.parameters().contains("applied")).toList();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
