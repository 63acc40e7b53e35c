package link.buddyverse.ops.efs;

/** The file system as DescribeFileSystems shows it just before planning. */
public record FileSystemState(String id, String name, String throughputMode, String performanceMode, String lifeCycleState) {

    public static final String BURSTING = "bursting";
    public static final String ELASTIC = "elastic";

    public boolean bursting() {
        return BURSTING.equals(throughputMode);
    }

    public boolean elastic() {
        return ELASTIC.equals(throughputMode);
    }

    public boolean available() {
        return "available".equals(lifeCycleState);
    }
}
