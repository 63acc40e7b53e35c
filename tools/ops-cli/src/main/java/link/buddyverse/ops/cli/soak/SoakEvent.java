package link.buddyverse.ops.cli.soak;

/**
 * One event of the soak's stream: its id, its kind, and whether it is also delivered to a second container at once.
 */
record SoakEvent(int index, String id, Kind kind, boolean duplicated) {

    /** What the stream mixes, each shaped as its sample in events/scaling-tuner/. */
    enum Kind {
        CPU_HIGH_ALARM("cpu-high-alarm.json"),
        CPU_LOW_ALARM("cpu-low-alarm.json"),
        CPU_HIGH_OK("cpu-high-ok.json"),
        UNHEALTHY_HOSTS_ALARM("unhealthy-hosts-alarm.json"),
        SCHEDULE_TICK("scheduled-recheck.json");

        final String sample;

        Kind(String sample) {
            this.sample = sample;
        }
    }
}
