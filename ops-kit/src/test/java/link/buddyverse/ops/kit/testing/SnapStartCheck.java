package link.buddyverse.ops.kit.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import org.crac.Resource;

/**
 * SnapStart's life of a handler, run in a test on a JVM without CRaC: the snapshot ({@link #checkpoint}: every
 * resource the handler registers with CRaC, in order, {@code beforeCheckpoint}: the kit's priming), the restore
 * ({@link #restore}: {@code afterRestore}, in reverse order, as CRaC calls them), and what a snapshot must not hold
 * ({@link #uniqueValuesHeld}): a value that every container restored from the same snapshot would then share.
 */
public final class SnapStartCheck {

    private static final Pattern UUID_SHAPED = Pattern.compile(
            ".*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*");
    private static final Instant JVM_START = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    /** Deep enough for singleton -> helper -> record -> collection -> element. */
    private static final int MAX_DEPTH = 6;

    private SnapStartCheck() {
    }

    /** What SnapStart runs before it takes the snapshot. */
    public static void checkpoint(OpsRequestHandler handler) throws Exception {
        for (Resource resource : handler.snapStartResources()) {
            resource.beforeCheckpoint(null);
        }
    }

    /** What SnapStart runs in every container restored from the snapshot, before its first invocation. */
    public static void restore(OpsRequestHandler handler) throws Exception {
        List<Resource> resources = new ArrayList<>(handler.snapStartResources());
        Collections.reverse(resources);
        for (Resource resource : resources) {
            resource.afterRestore(null);
        }
    }

    /** One invocation, as Lambda makes it after the restore: the event's JSON and a fresh Context. */
    public static OpsResult invoke(OpsRequestHandler handler, String eventJson) {
        try {
            JsonNode event = JsonMapper.createDefault().readValue(eventJson, JsonNode.class);
            return handler.handleRequest(event, TestLambdaContext.of(handler.function().name()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fields of the context's own singletons (classes under {@code link.buddyverse}, followed into the project's
     * objects, records and collections, and their classes' static fields) that hold a value unique to one moment or
     * one container: a {@link Random} that is not a {@link SecureRandom} (its sequence would repeat in every restored
     * container), a {@link UUID} or a UUID-shaped string (a generated id), a time (Instant, Date, Zoned-, Offset- or
     * LocalDateTime read as UTC) within this JVM's life: a timestamp taken at init (a constant moment is earlier).
     * Each as {@code Class.field = value}; empty when the snapshot is safe.
     */
    public static List<String> uniqueValuesHeld(ApplicationContext context) {
        List<String> found = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Class<?>> staticsSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        int scanned = 0;
        for (BeanRegistration<Object> registration : context.getActiveBeanRegistrations(Object.class)) {
            Object bean = registration.getBean();
            if (isProjects(bean.getClass())) {
                scan(bean, bean.getClass().getSimpleName(), 0, seen, staticsSeen, found);
                scanned++;
            }
        }
        if (scanned == 0) {
            throw new IllegalStateException("the context holds no singleton of the project: nothing was checked");
        }
        return found;
    }

    private static void scan(Object object, String path, int depth, Set<Object> seen, Set<Class<?>> staticsSeen,
                             List<String> found) {
        if (object == null || depth > MAX_DEPTH || !seen.add(object)) {
            return;
        }
        String unique = uniqueKind(object);
        if (unique != null) {
            found.add(path + " = " + object + " (" + unique + ")");
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection.stream().filter(e -> e != null).toList()) {
                scan(element, path + "[" + i++ + "]", depth + 1, seen, staticsSeen, found);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : Map.copyOf(filterNulls(map)).entrySet()) {
                scan(entry.getKey(), path + ".key", depth + 1, seen, staticsSeen, found);
                scan(entry.getValue(), path + "[" + entry.getKey() + "]", depth + 1, seen, staticsSeen, found);
            }
            return;
        }
        Class<?> type = object.getClass();
        if (!isProjects(type)) {
            return;
        }
        for (Class<?> c = type; c != null && isProjects(c); c = c.getSuperclass()) {
            boolean firstVisit = staticsSeen.add(c);
            for (Field field : c.getDeclaredFields()) {
                boolean isStatic = Modifier.isStatic(field.getModifiers());
                if (field.isSynthetic() || (isStatic && !firstVisit)) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(isStatic ? null : object);
                    scan(value, c.getSimpleName() + "." + field.getName(), depth + 1, seen, staticsSeen, found);
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // A field the test cannot read holds nothing the project put there.
                }
            }
        }
    }

    private static Map<Object, Object> filterNulls(Map<?, ?> map) {
        Map<Object, Object> copy = new java.util.HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                copy.put(entry.getKey(), entry.getValue());
            }
        }
        return copy;
    }

    /** Why the value is unique to a moment or a container, or null. */
    static String uniqueKind(Object value) {
        if (value instanceof Random && !(value instanceof SecureRandom)) {
            return "a java.util.Random: every restored container repeats its sequence";
        }
        if (value instanceof UUID) {
            return "a generated id";
        }
        Instant moment = moment(value);
        if (moment != null && !moment.isBefore(JVM_START.minusSeconds(1)) && !moment.isAfter(Instant.now().plusSeconds(1))) {
            return "a time taken before the snapshot";
        }
        if (value instanceof CharSequence text && UUID_SHAPED.matcher(text).matches()) {
            return "a generated id";
        }
        return null;
    }

    /**
     * The moment a time value names, for the kinds that name one. Only a moment within this JVM's life was taken at
     * init; an earlier one is a constant (the notifier's fixed rehearsal time), the same in every container.
     */
    private static Instant moment(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private static boolean isProjects(Class<?> type) {
        return type.getName().startsWith("link.buddyverse.");
    }
}
