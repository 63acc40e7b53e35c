package link.buddyverse.ops.incident.lifecycle;

public enum IncidentStatus {
    OPEN, RESOLVED
}
