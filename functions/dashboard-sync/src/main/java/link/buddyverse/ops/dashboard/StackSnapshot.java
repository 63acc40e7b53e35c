package link.buddyverse.ops.dashboard;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What exists now, as the observer read it: everything a dashboard body is rendered from, and nothing else, so that
 * the same resources always render to the same bytes. Every list is sorted.
 *
 * @param warnings what could not be read (a resource that does not exist): its widgets are left out, and the result says so
 */
public record StackSnapshot(String region, WebTier web, Database database, @Nullable FileSystem fileSystem,
                            List<Alarm> alarms, Automation automation, List<String> warnings) {

    public StackSnapshot {
        alarms = List.copyOf(alarms);
        warnings = List.copyOf(warnings);
    }

    /**
     * The web tier. {@code instances}: the group's instances that are or will be serving (terminating ones excluded);
     * the dimensions are null when the load balancer or target group does not exist.
     */
    public record WebTier(String groupName, boolean exists, int minSize, int maxSize, int desiredCapacity,
                          List<String> instances, @Nullable String loadBalancerDimension,
                          @Nullable String targetGroupDimension) {
        public WebTier {
            instances = List.copyOf(instances);
        }
    }

    /** The source and its replicas; {@code rotation} says where the in-rotation flags came from. */
    public record Database(@Nullable String source, List<Replica> replicas, String rotation) {
        public Database {
            replicas = List.copyOf(replicas);
        }

        public long inRotation() {
            return replicas.stream().filter(Replica::inRotation).count();
        }
    }

    public record Replica(String id, String status, boolean inRotation) {
    }

    /** @param provisionedMibps null unless the mode is provisioned */
    public record FileSystem(String id, String name, String throughputMode, @Nullable Double provisionedMibps) {
    }

    public record Alarm(String name, String arn) {
    }

    /**
     * The ops functions: their labels (logical ids) and deployed names, their log groups, and the dead-letter queue.
     */
    public record Automation(List<Function> functions, List<String> logGroups, @Nullable String deadLetterQueue) {
        public Automation {
            functions = List.copyOf(functions);
            logGroups = List.copyOf(logGroups);
        }
    }

    public record Function(String label, String name) {
    }
}
