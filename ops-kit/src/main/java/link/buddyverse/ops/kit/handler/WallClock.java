package link.buddyverse.ops.kit.handler;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock; tests register their own (a storm's minute, a cooldown, a Retry-After). */
@Factory
public class WallClock {

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
