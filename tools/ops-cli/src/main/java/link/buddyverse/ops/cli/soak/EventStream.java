package link.buddyverse.ops.cli.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's mixed stream of scaling events, from a seed: CPU-high and CPU-low alarms going to ALARM (most of it, so
 * that scale-outs and scale-ins collide on the group), CPU-high back to OK, unhealthy hosts, the five-minute schedule
 * tick; a share of them also delivered to a second container at the same moment. Each event is its sample from
 * events/scaling-tuner/ with its own id and, when it is first sent, a fresh time.
 */
final class EventStream {

    /** Of every 100 events: the kinds' shares, then the share delivered twice at once. */
    private static final int[] SHARES = {36, 30, 8, 8, 18};
    static final double DUPLICATE_SHARE = 0.15;

    private static final Pattern TOP_LEVEL_ID = Pattern.compile("\"id\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern TOP_LEVEL_TIME = Pattern.compile("\"time\"\\s*:\\s*\"[^\"]*\"");

    private final Map<SoakEvent.Kind, String> samples = new EnumMap<>(SoakEvent.Kind.class);

    EventStream(Path projectRoot) {
        for (SoakEvent.Kind kind : SoakEvent.Kind.values()) {
            Path sample = projectRoot.resolve("events/scaling-tuner").resolve(kind.sample);
            try {
                samples.put(kind, Files.readString(sample));
            } catch (IOException e) {
                throw new UncheckedIOException("the soak's events are shaped as events/scaling-tuner's samples: " + sample, e);
            }
        }
    }

    static List<SoakEvent> generate(int count, long seed) {
        Random random = new Random(seed);
        List<SoakEvent> events = new ArrayList<>();
        SoakEvent.Kind[] kinds = SoakEvent.Kind.values();
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            int kind = 0;
            for (int sum = SHARES[0]; roll >= sum; sum += SHARES[++kind]) {
                // walks the shares until the roll falls in one
            }
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            events.add(new SoakEvent(i, id, kinds[kind], random.nextDouble() < DUPLICATE_SHARE));
        }
        return events;
    }

    /** The event as EventBridge delivers it, its sample's id and time replaced. */
    String json(SoakEvent event, Instant time) {
        String sample = samples.get(event.kind());
        String withId = TOP_LEVEL_ID.matcher(sample).replaceFirst(Matcher.quoteReplacement("\"id\": \"" + event.id() + "\""));
        return TOP_LEVEL_TIME.matcher(withId).replaceFirst(Matcher.quoteReplacement("\"time\": \"" + time + "\""));
    }
}
