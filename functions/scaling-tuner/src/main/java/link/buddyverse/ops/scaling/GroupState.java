package link.buddyverse.ops.scaling;

import java.util.List;

/** An Auto Scaling group as observed just before planning. */
public record GroupState(String name, int minSize, int maxSize, int desiredCapacity, List<Member> instances) {

    /** One instance of the group: its lifecycle state (InService, Pending...) and the group's view of its health. */
    public record Member(String instanceId, String lifecycleState, String healthStatus) {

        public boolean inService() {
            return "InService".equals(lifecycleState);
        }

        public boolean healthyToTheGroup() {
            return "Healthy".equalsIgnoreCase(healthStatus);
        }
    }

    public GroupState {
        instances = List.copyOf(instances);
    }
}
