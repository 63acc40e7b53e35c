package link.buddyverse.ops.incident;

public enum IncidentStatus {
    OPEN, RESOLVED
}
