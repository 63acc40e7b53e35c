package link.buddyverse.ops.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The sandbox comes up from nothing, and the core stack can be read back with the SDK as the owners built it. */
class SandboxTest {

    @TempDir
    static Path workDir;

    static Sandbox sandbox;
    static SandboxStacks stacks;
    static SandboxClients aws;

    @BeforeAll
    static void upFromNothing() {
        sandbox = Sandbox.start(System.getenv(), workDir);
        stacks = sandbox.deploy(SampleEvents.repositoryRoot());
        aws = sandbox.clients();
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theGroupIsTwoOfFourBehindTheTargetGroupWithItsLifecycleHooks() {
        AutoScalingGroup group = aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("Buddy-AutoScaling-Group"))
                .autoScalingGroups().get(0);
        assertThat(List.of(group.minSize(), group.desiredCapacity(), group.maxSize())).containsExactly(2, 2, 4);
        assertThat(group.instances()).hasSize(2).allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
        assertThat(group.healthCheckType()).isEqualTo("ELB");
        assertThat(group.targetGroupARNs()).containsExactly(targetGroup().targetGroupArn());
        String webSubnets = stacks.core().outputs().get("WebSubnetIds");
        assertThat(group.vpcZoneIdentifier().split(",")).containsExactlyInAnyOrder(webSubnets.split(","));

        List<LifecycleHook> hooks = aws.autoScaling().describeLifecycleHooks(b -> b.autoScalingGroupName("Buddy-AutoScaling-Group"))
                .lifecycleHooks();
        assertThat(hooks).extracting(LifecycleHook::lifecycleTransition)
                .containsExactlyInAnyOrder("autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING");
    }

    @Test
    void theWebServersAreSsmManagedNodesThroughTheLaunchTemplatesInstanceProfile() {
        AutoScalingGroup group = aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("Buddy-AutoScaling-Group"))
                .autoScalingGroups().get(0);
        link.buddyverse.ops.localaws.ManagedNodes nodes = sandbox.gateway().played().runCommand().managedNodes();
        assertThat(group.instances()).hasSize(2)
                .allSatisfy(i -> assertThat(nodes.whyNotManaged(i.instanceId(), Sandbox.REGION)).as(i.instanceId()).isEmpty());
        // The bastion and the NAT instances have no profile: Run Command cannot reach them.
        String bastion = aws.ec2().describeInstances(b -> b.filters(Filter.builder().name("tag:Name").values("Buddy-Bastion").build()))
                .reservations().get(0).instances().get(0).instanceId();
        assertThat(nodes.whyNotManaged(bastion, Sandbox.REGION)).hasValue(bastion + " has no instance profile");
        assertThat(stacks.core().fills()).anySatisfy(f -> assertThat(f).contains("AmazonSSMManagedInstanceCore attached"));
    }

    @Test
    void theTargetGroupIsHttpRoundRobinWithCookieStickinessAndTheListenersRedirectToHttps() {
        TargetGroup targetGroup = targetGroup();
        assertThat(targetGroup.protocolAsString()).isEqualTo("HTTP");
        assertThat(targetGroup.port()).isEqualTo(80);
        Map<String, String> attributes = aws.loadBalancing().describeTargetGroupAttributes(b -> b.targetGroupArn(targetGroup.targetGroupArn()))
                .attributes().stream().collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
        assertThat(attributes).containsEntry("stickiness.enabled", "true").containsEntry("stickiness.type", "lb_cookie")
                .containsEntry("load_balancing.algorithm.type", "round_robin");
        assertThat(aws.loadBalancing().describeTargetHealth(b -> b.targetGroupArn(targetGroup.targetGroupArn())).targetHealthDescriptions())
                .hasSize(2).allSatisfy(t -> assertThat(t.targetHealth().stateAsString()).isEqualTo("healthy"));

        String loadBalancer = aws.loadBalancing().describeLoadBalancers(b -> b.names("Buddy-LoadBalance")).loadBalancers().get(0).loadBalancerArn();
        List<Listener> listeners = aws.loadBalancing().describeListeners(b -> b.loadBalancerArn(loadBalancer)).listeners();
        Listener http = listeners.stream().filter(l -> l.port() == 80).findFirst().orElseThrow();
        Listener https = listeners.stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
        assertThat(http.defaultActions().get(0).typeAsString()).isEqualTo("redirect");
        assertThat(http.defaultActions().get(0).redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");
        String certificate = https.certificates().get(0).certificateArn();
        assertThat(aws.acm().describeCertificate(b -> b.certificateArn(certificate)).certificate().domainName()).isEqualTo("buddyverse.link");
    }

    @Test
    void theFileSystemIsEncryptedBurstingWithAMountTargetInEachWebSubnet() {
        FileSystemDescription fileSystem = aws.efs().describeFileSystems(b -> b.fileSystemId(stacks.core().outputs().get("FileSystemId")))
                .fileSystems().get(0);
        assertThat(fileSystem.name()).isEqualTo("Buddy-EFS");
        assertThat(fileSystem.encrypted()).isTrue();
        assertThat(fileSystem.performanceModeAsString()).isEqualTo("generalPurpose");
        assertThat(fileSystem.throughputModeAsString()).isEqualTo("bursting");
        List<String> mountSubnets = aws.efs().describeMountTargets(b -> b.fileSystemId(fileSystem.fileSystemId())).mountTargets()
                .stream().map(m -> m.subnetId()).toList();
        assertThat(mountSubnets).containsExactlyInAnyOrder(stacks.core().outputs().get("WebSubnetIds").split(","));
    }

    @Test
    void thePrimaryHasItsUtf8mb4ParametersAndTheReplicaFollowsItInTheOtherZone() {
        DBInstance primary = database("database1");
        DBInstance replica = database("database1-replica");
        assertThat(primary.engine()).isEqualTo("mysql");
        assertThat(primary.availabilityZone()).isEqualTo("ap-northeast-2a");
        assertThat(primary.dbParameterGroups().get(0).dbParameterGroupName()).isEqualTo("buddy-utf8mb4");
        assertThat(primary.readReplicaDBInstanceIdentifiers()).containsExactly("database1-replica");
        assertThat(primary.vpcSecurityGroups()).hasSize(1);
        assertThat(replica.readReplicaSourceDBInstanceIdentifier()).isEqualTo("database1");
        assertThat(replica.availabilityZone()).isEqualTo("ap-northeast-2c");
        assertThat(aws.rds().describeDBParameters(b -> b.dbParameterGroupName("buddy-utf8mb4")).parameters())
                .anySatisfy(p -> {
                    assertThat(p.parameterName()).isEqualTo("character_set_server");
                    assertThat(p.parameterValue()).isEqualTo("utf8mb4");
                });
    }

    @Test
    void theSiteAliasesTheLoadBalancerAndThePrivateZoneOfTheVpcHoldsTheReadEndpoint() {
        List<HostedZone> zones = aws.route53().listHostedZones().hostedZones();
        // moto leaves the trailing dot off the names of zones and records made through CloudFormation.
        HostedZone site = zones.stream().filter(z -> z.name().replaceAll("\\.$", "").equals("buddyverse.link")).findFirst().orElseThrow();
        ResourceRecordSet alias = records(site.id()).stream()
                .filter(r -> r.name().replaceAll("\\.$", "").equals("buddyverse.link") && r.typeAsString().equals("A"))
                .findFirst().orElseThrow();
        assertThat(alias.aliasTarget().dnsName()).contains("Buddy-LoadBalance");

        GetHostedZoneResponse internal = aws.route53().getHostedZone(b -> b.id(stacks.core().outputs().get("PrivateHostedZoneId")));
        assertThat(internal.hostedZone().name()).isEqualTo("buddyverse.internal.");
        assertThat(internal.hostedZone().config().privateZone()).isTrue();
        String vpc = aws.ec2().describeVpcs(b -> b.filters(Filter.builder().name("tag:Name").values("Buddy-Project").build()))
                .vpcs().get(0).vpcId();
        assertThat(internal.vpCs()).extracting(v -> v.vpcId()).containsExactly(vpc);
        ResourceRecordSet read = records(internal.hostedZone().id()).stream()
                .filter(r -> r.name().replaceAll("\\.$", "").equals("read.db.buddyverse.internal")).findFirst().orElseThrow();
        assertThat(read.resourceRecords().get(0).value()).isEqualTo(database("database1-replica").endpoint().address());
    }

    @Test
    void theDashboardAndTheOpsStacksAlarmsAndStateTableExist() {
        String dashboard = aws.cloudWatch().getDashboard(b -> b.dashboardName("CPU-Per-Second")).dashboardBody();
        assertThat(dashboard).contains("Buddy-AutoScaling-Group").contains(stacks.core().outputs().get("TargetGroupFullName"));
        assertThat(aws.cloudWatch().describeAlarms(b -> b.alarmNames("Buddy-CPU-High", "Buddy-CPU-Low", "Buddy-Unhealthy-Hosts"))
                .metricAlarms())
                .extracting(a -> a.alarmName()).containsExactlyInAnyOrder("Buddy-CPU-High", "Buddy-CPU-Low", "Buddy-Unhealthy-Hosts");
        String table = stacks.ops().physicalIds().get("OpsStateTable");
        assertThat(aws.dynamoDb().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
        assertThat(stacks.functions().variables().get("ScalingTunerFunction"))
                .containsEntry("OPS_STATE_TABLE", table)
                .containsEntry("SCALING_GROUP_NAME", "Buddy-AutoScaling-Group")
                .containsEntry("SCALING_SCALE_OUT_ALARMS", "Buddy-CPU-High");
    }

    @Test
    void theOpsStackImportsTheCoreStacksExportsAndNothingWasSkipped() {
        assertThat(stacks.ops().parameters()).containsEntry("CoreStackName", SandboxStacks.CORE_STACK);
        Map<String, String> core = stacks.core().outputs();
        assertThat(core.get("LoadBalancerFullName")).matches("app/Buddy-LoadBalance/[0-9a-f]{16}");
        // The alarm's dimensions carry the real ids the core stack exports, not placeholders.
        software.amazon.awssdk.services.cloudwatch.model.MetricAlarm unhealthy = aws.cloudWatch()
                .describeAlarms(b -> b.alarmNames("Buddy-Unhealthy-Hosts")).metricAlarms().get(0);
        assertThat(unhealthy.dimensions()).extracting(d -> d.name() + "=" + d.value())
                .containsExactlyInAnyOrder("TargetGroup=" + core.get("TargetGroupFullName"), "LoadBalancer=" + core.get("LoadBalancerFullName"));
        assertThat(aws.cloudWatch().describeAlarms(b -> b.alarmNames("Buddy-EFS-Burst-Credits-Low")).metricAlarms().get(0).dimensions())
                .singleElement().satisfies(d -> assertThat(d.value()).isEqualTo(core.get("FileSystemId")).startsWith("fs-"));
        Map<String, Map<String, String>> functions = stacks.functions().variables();
        assertThat(functions.get("EfsGuardFunction")).containsEntry("EFS_FILE_SYSTEM", core.get("FileSystemId"));
        assertThat(functions.get("ReplicaRotatorFunction")).containsEntry("REPLICA_HOSTED_ZONE_ID", core.get("PrivateHostedZoneId"))
                .containsEntry("REPLICA_READ_RECORD_NAME", core.get("ReadRecordName"))
                .containsEntry("REPLICA_LAG_ALARM_PREFIX", "Buddy-Replica-Lag-");
        assertThat(functions.get("DashboardSyncFunction")).containsEntry("DASHBOARD_LOAD_BALANCER_NAME", "Buddy-LoadBalance")
                .containsEntry("DASHBOARD_READ_ENDPOINTS_PARAMETER", "/buddyverse/db/read-endpoints");
        assertThat(functions.get("LifecycleHookFunction")).containsEntry("LIFECYCLE_LAUNCH_HOOK_NAME", "Buddy-Launch-Hook")
                .containsEntry("LIFECYCLE_EFS_MOUNT_PATH", "/mnt/efs");
        // Only what refers to the functions themselves, which the sandbox does not create, stays unresolved.
        assertThat(stacks.functions().unresolved()).allSatisfy(u -> assertThat(u).doesNotContain("ImportValue"));
        assertThat(stacks.core().skipped()).isEmpty();
        assertThat(stacks.ops().skipped()).isEmpty();
        assertThat(stacks.opsState().leftOut()).containsKey("ScalingTunerFunction");
    }

    @Test
    void theGatewayReportsAMarkedTargetUnhealthyAndOnlyThatOne() {
        TargetGroup targetGroup = targetGroup();
        String victim = aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("Buddy-AutoScaling-Group"))
                .autoScalingGroups().get(0).instances().get(0).instanceId();
        sandbox.control().markUnhealthy(victim, "Target.FailedHealthChecks", "Health checks failed");
        try {
            Map<String, String> health = aws.loadBalancing().describeTargetHealth(b -> b.targetGroupArn(targetGroup.targetGroupArn()))
                    .targetHealthDescriptions().stream()
                    .collect(Collectors.toMap(t -> t.target().id(), t -> t.targetHealth().stateAsString()));
            assertThat(health).hasSize(2).containsEntry(victim, "unhealthy");
            assertThat(health.values()).containsOnlyOnce("unhealthy");
        } finally {
            sandbox.control().clear(victim);
        }
    }

    private static TargetGroup targetGroup() {
        return aws.loadBalancing().describeTargetGroups(b -> b.names("Buddy-LoadBalance-TargetGroup")).targetGroups().get(0);
    }

    private static DBInstance database(String identifier) {
        return aws.rds().describeDBInstances(b -> b.dbInstanceIdentifier(identifier)).dbInstances().get(0);
    }

    private static List<ResourceRecordSet> records(String zoneId) {
        return aws.route53().listResourceRecordSets(b -> b.hostedZoneId(zoneId)).resourceRecordSets();
    }
}
