package link.buddyverse.ops.efs;

import static link.buddyverse.ops.efs.BuddyFileSystem.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import link.buddyverse.ops.kit.handler.RetryableFailure;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.testing.MotoExtension;
import link.buddyverse.ops.localaws.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * UpdateFileSystem failing for real (the gateway's faults, and its played 24-hour rule): a throttled change is
 * retried and acts once; AWS's refusal is "not yet" with its time, asked once, never a failure loop.
 */
@ExtendWith(MotoExtension.class)
class EfsGuardReliabilityTest {

    BuddyFileSystem buddy;

    // Two attempts per SDK call instead of the kit's four: "past the SDK's retries" comes the same, sooner.
    @BeforeAll
    static void fewerSdkAttempts() {
        System.setProperty("aws.maxAttempts", "2");
    }

    @AfterAll
    static void usualSdkAttempts() {
        System.clearProperty("aws.maxAttempts");
    }

    @BeforeEach
    void createBuddyEfs() {
        buddy = new BuddyFileSystem();
    }

    @AfterEach
    void closeContainers(Gateway gateway) {
        gateway.played().clock(Clock.systemUTC());
        buddy.close();
    }

    @Test
    void aChangeThrottledPastTheSdksRetriesFailsTheEventAndItsRetryActsOnce(Gateway gateway) {
        var container = buddy.container();
        var throttled = gateway.faults().on("efs", "UpdateFileSystem").throttle().always();
        String event = sample("credits-low-alarm.json", "e-1");

        assertThatThrownBy(() -> buddy.deliver(container, event)).isInstanceOf(RetryableFailure.class);
        assertThat(buddy.mode()).isEqualTo("bursting");
        assertThat(throttled.hits()).isEqualTo(2);

        throttled.cancel();
        OpsResult retry = buddy.deliver(container, event);

        assertThat(retry.status()).isEqualTo("applied");
        assertThat(buddy.mode()).isEqualTo("elastic");
        assertThat(gateway.calls().of("efs", "UpdateFileSystem")).filteredOn(c -> c.handledBy().equals("played")).hasSize(1);
    }

    @Test
    void awsRefusalWithinItsDayIsNotYetWithTheTimeAskedOnceAndActedOnOnceAllowed(Gateway gateway) {
        // Someone changed Buddy-EFS's throughput mode an hour ago, outside this function: AWS's clock runs, ours knows nothing.
        Instant changedByHand = Instant.now().minus(Duration.ofHours(1));
        gateway.played().efs().changedAt(buddy.id, "bursting", null, changedByHand);
        buddy.alarmIs("Buddy-EFS-Burst-Credits-Low", StateValue.ALARM);
        var container = buddy.container();

        OpsResult refused = buddy.deliver(container, sample("credits-low-alarm.json", "e-1"));

        assertThat(refused.status()).isEqualTo("skipped");
        Instant allowed = changedByHand.plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(refused.outcomes()).singleElement().satisfies(o -> assertThat(o.detail())
                .startsWith("not now: AWS allows one throughput mode change").endsWith("allowed from " + allowed));
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isEqualTo(1);

        OpsResult tick = buddy.deliver(container, sample("hourly-check.json", "tick-1"));

        assertThat(tick.status()).isEqualTo("no-action");
        assertThat(tick.reason()).isEqualTo("not yet: the next throughput mode change of " + buddy.id + " is allowed from " + allowed);
        assertThat(gateway.calls().count("efs", "UpdateFileSystem")).isEqualTo(1);

        Clock afterwards = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), allowed.plusSeconds(60)));
        gateway.played().clock(afterwards);
        OpsResult later = buddy.deliver(buddy.container(Map.of(), afterwards), sample("hourly-check.json", "tick-2"));

        assertThat(later.status()).isEqualTo("applied");
        assertThat(buddy.mode()).isEqualTo("elastic");
    }
}
