package link.buddyverse.ops.scaling.action;

import static link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.ActionExecutors;
import link.buddyverse.ops.kit.apply.Applier;
import link.buddyverse.ops.kit.apply.Outcome;
import link.buddyverse.ops.kit.plan.Plan;
import io.micronaut.json.JsonMapper;
import link.buddyverse.ops.kit.state.CooldownLocks;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.MotoExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The kit's guard rails around ScalingTunerFunction's mutating calls, against a real (moto) group and state table. */
@ExtendWith(MotoExtension.class)
class ApplierTest {

    static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    static final Duration COOLDOWN = Duration.ofSeconds(300);

    AutoScalingClient autoScaling;
    CooldownLocks locks;
    DynamoDbClient dynamoDb;

    @BeforeEach
    void createTheGroup() {
        AwsClients clients = new AwsClients();
        autoScaling = clients.build(AutoScalingClient.builder());
        dynamoDb = clients.build(DynamoDbClient.builder());
        BuddyWebTier.create(autoScaling, 2, 4, 4);
        OpsStateTableSchema.createIfMissing(dynamoDb, "OpsState");
        locks = new CooldownLocks(dynamoDb, settings(false));
    }

    static OpsSettings settings(boolean dryRun) {
        return new OpsSettings(dryRun, "OpsState", "default", 24, 60);
    }

    Applier applier(boolean dryRun, ActionExecutor<?>... extra) {
        List<ActionExecutor<?>> executors = new java.util.ArrayList<>(List.of(
                new SetDesiredCapacityExecutor(autoScaling), new UpdateGroupLimitsExecutor(autoScaling,
                        new link.buddyverse.ops.scaling.MaxSizeMemory(new link.buddyverse.ops.kit.state.FunctionMemory(dynamoDb,
                                settings(false)), JsonMapper.createDefault(), java.time.Clock.systemUTC()))));
        executors.addAll(List.of(extra));
        return new Applier(new ActionExecutors(executors, JsonMapper.createDefault()), locks, settings(dryRun));
    }

    static Plan raiseToFive() {
        return new Plan(List.of(
                new UpdateGroupLimits(GROUP, 4, 5, 8, 4, "pinned"),
                new SetDesiredCapacity(GROUP, 4, 5, 2, 5, "scale out")), COOLDOWN, List.of(), List.of());
    }

    @Test
    void appliesEachActionInOrderUnderTheGroupsLock() {
        List<Outcome> outcomes = applier(false).apply(raiseToFive(), "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).extracting(Outcome::status).containsExactly("applied", "applied");
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(5);
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(5);
        assertThat(locks.tryAcquire(GROUP, "e-2", COOLDOWN, NOW.plusSeconds(1))).isPresent();
    }

    @Test
    void aStaleActionIsSupersededNamingBothValuesAndChangesNothing() {
        autoScaling.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(3));
        Plan stale = new Plan(List.of(new SetDesiredCapacity(GROUP, 4, 2, 2, 4, "planned at 4")), COOLDOWN, List.of(), List.of());

        List<Outcome> outcomes = applier(false).apply(stale, "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("superseded");
            assertThat(o.detail()).contains("reads 3").contains("4 -> 2");
        });
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(3);
    }

    @Test
    void anActionAlreadyInPlaceIsMarkedAppliedWithoutACall() {
        Plan done = new Plan(List.of(new SetDesiredCapacity(GROUP, 3, 4, 2, 4, "already 4")), COOLDOWN, List.of(), List.of());

        List<Outcome> outcomes = applier(false).apply(done, "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo("applied");
            assertThat(o.detail()).startsWith(Outcome.ALREADY_IN_PLACE);
        });
    }

    @Test
    void refusesTheWholeSetWhenAnyActionBreaksItsBounds() {
        Plan plan = new Plan(List.of(
                new UpdateGroupLimits(GROUP, 4, 9, 8, 4, "too far"),
                new SetDesiredCapacity(GROUP, 4, 5, 2, 9, "scale out")), COOLDOWN, List.of(), List.of());

        List<Outcome> outcomes = applier(false).apply(plan, "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo("skipped");
            assertThat(o.detail()).isEqualTo("out of bounds: MaxSize 9 is above the hard ceiling 8");
        });
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(4);
        assertThat(locks.tryAcquire(GROUP, "e-2", COOLDOWN, NOW)).isEmpty();
    }

    @Test
    void dryRunReportsThePlanWithoutLockingOrChangingAnything() {
        List<Outcome> outcomes = applier(true).apply(raiseToFive(), "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).extracting(Outcome::status).containsExactly("dry-run", "dry-run");
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(4);
        assertThat(locks.tryAcquire(GROUP, "e-2", COOLDOWN, NOW)).isEmpty();
    }

    @Test
    void skipsEverythingWhileAnotherEventHoldsTheCooldown() {
        locks.tryAcquire(GROUP, "e-earlier", COOLDOWN, NOW.minusSeconds(100));

        List<Outcome> outcomes = applier(false).apply(raiseToFive(), "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.detail())
                .startsWith("cooldown: " + GROUP + " was changed for event e-earlier"));
        assertThat(BuddyWebTier.describe(autoScaling).maxSize()).isEqualTo(4);
    }

    @Test
    void stopsAtTheFirstFailureAndGivesTheLockBackWhenNothingChanged() {
        ActionExecutor<SetInstanceHealth> failing = new ActionExecutor<>() {
            public Class<SetInstanceHealth> actionType() {
                return SetInstanceHealth.class;
            }

            public List<String> iamActions() {
                return List.of("autoscaling:SetInstanceHealth");
            }

            public link.buddyverse.ops.kit.apply.Current current(SetInstanceHealth action) {
                return new link.buddyverse.ops.kit.apply.Current.Before("Healthy");
            }

            public void execute(SetInstanceHealth action) {
                throw SdkClientException.create("connection reset");
            }
        };
        Plan plan = new Plan(List.of(
                new SetInstanceHealth(GROUP, "i-1", "unhealthy"),
                new SetDesiredCapacity(GROUP, 4, 3, 2, 4, "then shrink")), COOLDOWN, List.of(), List.of());

        List<Outcome> outcomes = applier(false, failing).apply(plan, "e-1", NOW, Applier.Progress.NONE);

        assertThat(outcomes).extracting(Outcome::status).containsExactly("failed", "skipped");
        assertThat(outcomes.get(0).detail()).contains("connection reset");
        assertThat(BuddyWebTier.describe(autoScaling).desiredCapacity()).isEqualTo(4);
        assertThat(locks.tryAcquire(GROUP, "e-2", COOLDOWN, NOW)).isEmpty();
    }
}
