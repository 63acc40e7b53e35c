package link.buddyverse.ops.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The snapshot scanner finds what a restored container must not share, and nothing that is safe to share. */
class SnapStartCheckTest {

    /** A singleton as a careless function might write it: everything here is taken once, at init. */
    static final class CarelessCache {
        final Random jitter = new Random();
        final String containerId = UUID.randomUUID().toString();
        final Helper helper = new Helper(Instant.now());
    }

    record Helper(Instant startedAt) {
    }

    /** Safe to share: a SecureRandom (reseeded by the runtime), a clock (read at use), constants. */
    static final class CarefulCache {
        static final Instant REHEARSAL = Instant.parse("2026-11-25T08:00:00Z");
        final SecureRandom random = new SecureRandom();
        final Clock clock = Clock.systemUTC();
        final List<String> names = List.of("Buddy-CPU-High");
        final Map<String, Integer> limits = Map.of("max", 4);
    }

    @Test
    void findsARandomAnIdAndATimeTakenAtInit() {
        try (ApplicationContext context = ApplicationContext.builder().singletons(new CarelessCache()).start()) {
            List<String> found = SnapStartCheck.uniqueValuesHeld(context);

            assertThat(found).hasSize(3);
            assertThat(found).anySatisfy(f -> assertThat(f).startsWith("CarelessCache.jitter").contains("java.util.Random"));
            assertThat(found).anySatisfy(f -> assertThat(f).startsWith("CarelessCache.containerId").contains("generated id"));
            assertThat(found).anySatisfy(f -> assertThat(f).startsWith("Helper.startedAt").contains("a time taken"));
        }
    }

    @Test
    void acceptsASecureRandomAClockAndConstants() {
        try (ApplicationContext context = ApplicationContext.builder().singletons(new CarefulCache()).start()) {
            assertThat(SnapStartCheck.uniqueValuesHeld(context)).isEmpty();
        }
    }
}
