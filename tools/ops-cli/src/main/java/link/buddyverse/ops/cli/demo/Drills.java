package link.buddyverse.ops.cli.demo;

import java.util.List;

/** The owners' drills, in the order the demo runs them. A new function adds its drills here. */
public final class Drills {

    private Drills() {
    }

    public static List<Drill> all() {
        return List.of(
                new CpuStressDrill(),
                new KilledInstanceDrill(),
                new StoppedApacheDrill(),
                new AbandonedLaunchDrill(),
                new DrainedInstanceDrill(),
                new SharedFilesDrill(),
                new DashboardDrill(),
                new ReplicaLagDrill(),
                new EfsCreditsDrill(),
                new DeadLetterDrill(),
                // Last: its storm must not swallow the other drills' incidents opening in the same minute.
                new AzOutageDrill());
    }
}
