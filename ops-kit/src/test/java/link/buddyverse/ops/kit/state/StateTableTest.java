package link.buddyverse.ops.kit.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.testing.MotoExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Idempotency records and cooldown locks on a real (moto) DynamoDB table, with conditional writes. */
@ExtendWith(MotoExtension.class)
class StateTableTest {

    static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    final OpsSettings settings = new OpsSettings(false, "OpsState", "default", 24, 60);
    DynamoDbClient dynamoDb;

    @BeforeEach
    void createTable() {
        dynamoDb = new AwsClients().build(DynamoDbClient.builder());
        assertThat(OpsStateTableSchema.createIfMissing(dynamoDb, "OpsState")).isTrue();
        assertThat(OpsStateTableSchema.createIfMissing(dynamoDb, "OpsState")).isFalse();
    }

    @Nested
    class Idempotency {

        IdempotencyStore store;

        @BeforeEach
        void store() {
            store = new IdempotencyStore(dynamoDb, settings);
        }

        @Test
        void theFirstClaimWinsAndAConcurrentOneSeesItInProgress() {
            assertThat(store.claim("F", "e-1", "req-1", NOW)).isInstanceOf(IdempotencyStore.Claim.Claimed.class);

            assertThat(store.claim("F", "e-1", "req-2", NOW.plusSeconds(1)))
                    .isEqualTo(new IdempotencyStore.Claim.InProgress("req-1"));
        }

        @Test
        void aCompletedEventHandsBackItsStoredResult() {
            store.claim("F", "e-1", "req-1", NOW);
            store.complete("F", "e-1", "req-1", "{\"status\":\"applied\"}", NOW);

            assertThat(store.claim("F", "e-1", "req-2", NOW.plusSeconds(5)))
                    .isEqualTo(new IdempotencyStore.Claim.AlreadyDone("{\"status\":\"applied\"}"));
        }

        @Test
        void aFailedEventMayBeClaimedAgainByItsRetry() {
            store.claim("F", "e-1", "req-1", NOW);
            store.fail("F", "e-1", "req-1", "throttled");

            assertThat(store.claim("F", "e-1", "req-2", NOW.plusSeconds(5))).isInstanceOf(IdempotencyStore.Claim.Claimed.class);
        }

        @Test
        void aClaimLeftByACrashedInvocationExpiresAfterTheFunctionTimeout() {
            store.claim("F", "e-1", "req-1", NOW);

            assertThat(store.claim("F", "e-1", "req-2", NOW.plusSeconds(59))).isInstanceOf(IdempotencyStore.Claim.InProgress.class);
            assertThat(store.claim("F", "e-1", "req-3", NOW.plusSeconds(61))).isInstanceOf(IdempotencyStore.Claim.Claimed.class);
        }

        @Test
        void theSameEventIsHandledOncePerFunction() {
            store.claim("ScalingTunerFunction", "e-1", "req-1", NOW);

            assertThat(store.claim("IncidentNotifierFunction", "e-1", "req-2", NOW))
                    .isInstanceOf(IdempotencyStore.Claim.Claimed.class);
        }
    }

    @Nested
    class RecordedPlans {

        IdempotencyStore store;

        @BeforeEach
        void store() {
            store = new IdempotencyStore(dynamoDb, settings);
        }

        @Test
        void aRetryGetsThePlanAndTheActionsAlreadyAppliedBackWithItsClaim() {
            store.claim("F", "e-1", "req-1", NOW);
            store.recordPlan("F", "e-1", "req-1", "{\"actions\":[]}");
            store.recordApplied("F", "e-1", "req-1", 0);
            store.recordApplied("F", "e-1", "req-1", 0);
            store.fail("F", "e-1", "req-1", "throttled");

            IdempotencyStore.Claim retry = store.claim("F", "e-1", "req-2", NOW.plusSeconds(60));

            assertThat(retry).isEqualTo(new IdempotencyStore.Claim.Claimed(2,
                    new IdempotencyStore.RecordedPlan("{\"actions\":[]}", java.util.Set.of(0))));
        }

        @Test
        void onlyTheInvocationHoldingTheClaimMayRecordAPlan() {
            store.claim("F", "e-1", "req-1", NOW);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.recordPlan("F", "e-1", "req-other", "{}"))
                    .isInstanceOf(link.buddyverse.ops.kit.state.ClaimLost.class);
        }

        @Test
        void aStaleAttemptCannotOverwriteTheRecordOfTheAttemptThatTookOver() {
            store.claim("F", "e-1", "req-1", NOW, NOW.plusSeconds(10));
            store.claim("F", "e-1", "req-2", NOW.plusSeconds(11), NOW.plusSeconds(40));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.complete("F", "e-1", "req-1", "{\"stale\":true}", NOW))
                    .isInstanceOf(link.buddyverse.ops.kit.state.ClaimLost.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.fail("F", "e-1", "req-1", "late"))
                    .isInstanceOf(link.buddyverse.ops.kit.state.ClaimLost.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.recordApplied("F", "e-1", "req-1", 0))
                    .isInstanceOf(link.buddyverse.ops.kit.state.ClaimLost.class);
            store.complete("F", "e-1", "req-2", "{\"owner\":2}", NOW.plusSeconds(12));
            assertThat(store.claim("F", "e-1", "req-3", NOW.plusSeconds(13)))
                    .isEqualTo(new IdempotencyStore.Claim.AlreadyDone("{\"owner\":2}"));
        }

        @Test
        void aWriteAheadMarkStaysUntilTheActionIsMarkedAppliedOrWithdrawn() {
            store.claim("F", "e-1", "req-1", NOW);
            store.recordPlan("F", "e-1", "req-1", "{\"actions\":[]}");
            store.recordAttempted("F", "e-1", "req-1", 0);
            store.recordAttempted("F", "e-1", "req-1", 1);
            store.recordApplied("F", "e-1", "req-1", 0);
            store.recordAttempted("F", "e-1", "req-1", 2);
            store.withdrawAttempted("F", "e-1", "req-1", 2);
            store.fail("F", "e-1", "req-1", "no answer");

            assertThat(store.claim("F", "e-1", "req-2", NOW.plusSeconds(1))).isEqualTo(new IdempotencyStore.Claim.Claimed(2,
                    new IdempotencyStore.RecordedPlan("{\"actions\":[]}", java.util.Set.of(0), java.util.Set.of(1))));
        }

        @Test
        void anEventSeenAgainAfterItsRecordExpiredStartsAfresh() {
            store.claim("F", "e-1", "req-1", NOW);
            store.recordPlan("F", "e-1", "req-1", "{}");
            store.fail("F", "e-1", "req-1", "boom");

            assertThat(store.claim("F", "e-1", "req-2", NOW.plus(Duration.ofHours(25))))
                    .isEqualTo(new IdempotencyStore.Claim.Claimed(1, null));
        }

        @Test
        void anEventIdOfTenThousandCharactersIsKeyedByItsHashAndStillActsOnce() {
            String longId = "x".repeat(10_000);

            assertThat(store.claim("F", longId, "req-1", NOW)).isInstanceOf(IdempotencyStore.Claim.Claimed.class);
            assertThat(store.claim("F", longId, "req-2", NOW)).isInstanceOf(IdempotencyStore.Claim.InProgress.class);
            assertThat(StateKeys.event("F", longId)).startsWith("event#F#sha256:").hasSizeLessThan(100);
        }
    }

    @Nested
    class Memory {

        FunctionMemory memory;

        @BeforeEach
        void memory() {
            memory = new FunctionMemory(dynamoDb, settings);
        }

        @Test
        void remembersWhatAFunctionWroteWithItsVersion() {
            FunctionMemory.Remembered nothing = memory.read("F", "database1-replica");

            assertThat(memory.write("F", "database1-replica", nothing, "{\"bad\":1}", NOW)).isTrue();
            assertThat(memory.read("F", "database1-replica")).isEqualTo(new FunctionMemory.Remembered(1, "{\"bad\":1}", NOW));
        }

        @Test
        void ofTwoWritersThatReadTheSameVersionOnlyTheFirstWins() {
            FunctionMemory.Remembered read = memory.read("F", "fs-1");
            memory.write("F", "fs-1", read, "{\"mode\":\"elastic\"}", NOW);

            assertThat(memory.write("F", "fs-1", read, "{\"mode\":\"bursting\"}", NOW)).isFalse();
            assertThat(memory.read("F", "fs-1").data()).isEqualTo("{\"mode\":\"elastic\"}");
        }
    }

    @Nested
    class Cooldown {

        CooldownLocks locks;

        @BeforeEach
        void locks() {
            locks = new CooldownLocks(dynamoDb, settings);
        }

        @Test
        void aHeldLockTurnsOthersAwayUntilTheCooldownEnds() {
            assertThat(locks.tryAcquire("group", "e-1", Duration.ofSeconds(300), NOW)).isEmpty();

            assertThat(locks.tryAcquire("group", "e-2", Duration.ofSeconds(300), NOW.plusSeconds(299)))
                    .contains(new CooldownLocks.Holder("e-1", NOW.plusSeconds(300)));
            assertThat(locks.tryAcquire("group", "e-2", Duration.ofSeconds(300), NOW.plusSeconds(300))).isEmpty();
        }

        @Test
        void theHolderMayTakeItsOwnLockAgainOnARetry() {
            locks.tryAcquire("group", "e-1", Duration.ofSeconds(300), NOW);

            assertThat(locks.tryAcquire("group", "e-1", Duration.ofSeconds(300), NOW.plusSeconds(10))).isEmpty();
        }

        @Test
        void onlyTheHolderCanGiveTheLockBack() {
            locks.tryAcquire("group", "e-1", Duration.ofSeconds(300), NOW);

            locks.release("group", "e-2");
            assertThat(locks.tryAcquire("group", "e-3", Duration.ofSeconds(300), NOW)).isPresent();

            locks.release("group", "e-1");
            assertThat(locks.tryAcquire("group", "e-3", Duration.ofSeconds(300), NOW)).isEmpty();
        }

        @Test
        void locksOnDifferentResourcesAreIndependent() {
            locks.tryAcquire("group-a", "e-1", Duration.ofSeconds(300), NOW);

            assertThat(locks.tryAcquire("group-b", "e-2", Duration.ofSeconds(300), NOW)).isEmpty();
        }
    }
}
