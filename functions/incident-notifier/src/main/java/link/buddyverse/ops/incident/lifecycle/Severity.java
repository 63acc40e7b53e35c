package link.buddyverse.ops.incident.lifecycle;

/** How loudly an incident is announced, and which channel it goes to. */
public enum Severity {
    CRITICAL(":red_circle:", "Critical"),
    WARNING(":large_orange_circle:", "Warning");

    private final String emoji;
    private final String label;

    Severity(String emoji, String label) {
        this.emoji = emoji;
        this.label = label;
    }

    public String emoji() {
        return emoji;
    }

    public String label() {
        return label;
    }

    public static Severity worst(Severity a, Severity b) {
        return a == CRITICAL || b == CRITICAL ? CRITICAL : WARNING;
    }
}
