package link.buddyverse.ops.cli.sandbox.gap;

import java.util.List;

/** Every gap the sandbox fills, in the order they apply. local-aws/README.md lists the same. */
public final class MotoGaps {

    private MotoGaps() {
    }

    public static List<MotoGap> all() {
        return List.of(
                new YamlShortForms(),
                new ElbV2Attributes(),
                new AllProtocolsRulePorts(),
                new AcmCertificates(),
                new SecretsManagerSecrets(),
                new RdsParameterGroups(),
                new PrivateHostedZones(),
                new WeightedRecordSets(),
                new CloudWatchAlarms(),
                new LifecycleHooks(),
                new IamManagedPolicies(),
                new TargetGroupAttributes(),
                new DynamoDbTimeToLive(),
                new RdsInstanceSecurityGroups());
    }
}
