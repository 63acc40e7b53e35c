package link.buddyverse.ops.cli.soak;

import java.time.Instant;

/** The group's capacity as read (or replayed) at one moment. */
record GroupSample(Instant time, int minSize, int desiredCapacity, int maxSize) {
}
