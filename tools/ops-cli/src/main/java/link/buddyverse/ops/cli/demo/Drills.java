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
                new SharedFilesDrill(),
                new ReplicaLagDrill(),
                new PendingDrill("efs-credits", "EFS credit drain",
                        "watched Buddy-EFS's burst credits (no manual drill)", "EfsGuardFunction",
                        "Buddy-EFS's BurstCreditBalance alarm goes to ALARM, and the file system leaves bursting mode until"
                                + " credits recover",
                        Drills::fileSystemBursting));
    }

    private static void fileSystemBursting(DrillContext context) {
        String mode = context.aws().efs().describeFileSystems(b -> b.fileSystemId(context.coreOutputs().get("FileSystemId")))
                .fileSystems().get(0).throughputModeAsString();
        context.check("bursting".equals(mode), "Buddy-EFS runs in bursting mode", mode);
    }
}
