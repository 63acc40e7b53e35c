package link.buddyverse.ops.scaling;

import java.util.List;
import java.util.Set;

/**
 * An Auto Scaling group as observed just before planning.
 *
 * @param maxSizesSetByTuner the MaxSize values ScalingTunerFunction raised it to and has not restored since: a MaxSize
 *                           outside them was set by someone else
 */
public record GroupState(String name, int minSize, int maxSize, int desiredCapacity, List<Member> instances,
                         Set<Integer> maxSizesSetByTuner) {

    public GroupState(String name, int minSize, int maxSize, int desiredCapacity, List<Member> instances) {
        this(name, minSize, maxSize, desiredCapacity, instances, Set.of());
    }

    /** One instance of the group: its lifecycle state (InService, Pending...) and the group's view of its health. */
    public record Member(String instanceId, String lifecycleState, String healthStatus) {

        public boolean inService() {
            return "InService".equals(lifecycleState);
        }

        /** Launching: Pending, or held at a launch hook (Pending:Wait, Pending:Proceed). */
        public boolean launching() {
            return lifecycleState != null && lifecycleState.startsWith("Pending");
        }

        public boolean healthyToTheGroup() {
            return "Healthy".equalsIgnoreCase(healthStatus);
        }
    }

    public GroupState {
        instances = List.copyOf(instances);
        maxSizesSetByTuner = Set.copyOf(maxSizesSetByTuner);
    }

    /**
     * Capacity asked for and not serving yet: instances still launching, or desired capacity the group has not even
     * started launching (desired above the instances in service).
     */
    public int capacityOnTheWay() {
        long launching = instances.stream().filter(Member::launching).count();
        long inService = instances.stream().filter(Member::inService).count();
        return (int) Math.max(0, Math.max(launching, desiredCapacity - inService));
    }

    public List<String> launchingInstances() {
        return instances.stream().filter(Member::launching).map(m -> m.instanceId() + " (" + m.lifecycleState() + ")").toList();
    }
}
