package link.buddyverse.ops.localaws;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Instances in moto for Run Command tests: launched with a managed instance profile (a managed node), or without. */
final class Instances {

    private Instances() {
    }

    /** {@code count} instances launched with an instance profile whose role has AmazonSSMManagedInstanceCore. */
    static List<String> managed(Gateway gateway, int count) {
        String profile = gateway.played().runCommand().managedNodes().createManagedProfile("web-" + System.nanoTime());
        return launch(gateway, count, profile);
    }

    /** {@code count} instances launched without an instance profile: never managed nodes. */
    static List<String> unmanaged(Gateway gateway, int count) {
        return launch(gateway, count, null);
    }

    private static List<String> launch(Gateway gateway, int count, String profileArn) {
        List<String> launched = new java.util.ArrayList<>();
        try (Ec2Client ec2 = Clients.of(Ec2Client.builder(), gateway)) {
            // One RunInstances each: moto associates the profile with the first instance of a call only.
            for (int i = 0; i < count; i++) {
                launched.add(ec2.runInstances(b -> {
                    b.imageId("ami-12c6146b").instanceType("t3.micro").minCount(1).maxCount(1);
                    if (profileArn != null) {
                        b.iamInstanceProfile(p -> p.arn(profileArn));
                    }
                }).instances().get(0).instanceId());
            }
        }
        return launched;
    }
}
