package link.buddyverse.ops.dashboard;

import java.util.List;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The Buddyverse stack in moto, as the core template builds it: the web tier's group behind Buddy-LoadBalance and its
 * target group, database1 with its replica, Buddy-EFS, and the stack's alarms.
 */
final class BuddyverseStack {

    final AutoScalingClient autoScaling;
    final RdsClient rds;
    final CloudWatchClient cloudWatch;
    final EfsClient efs;
    String fileSystemId;

    BuddyverseStack(AwsClients clients) {
        autoScaling = clients.build(AutoScalingClient.builder());
        rds = clients.build(RdsClient.builder());
        cloudWatch = clients.build(CloudWatchClient.builder());
        efs = clients.build(EfsClient.builder());
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());

        BuddyWebTier.create(autoScaling, 2, 2, 4);
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        List<String> subnets = ec2.describeSubnets(b -> b.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
                .limit(2).map(s -> s.subnetId()).toList();
        elb.createLoadBalancer(b -> b.name("Buddy-LoadBalance").subnets(subnets));
        elb.createTargetGroup(b -> b.name("Buddy-LoadBalance-TargetGroup").vpcId(vpc).protocol("HTTP").port(80));
        rds.createDBInstance(b -> b.dbInstanceIdentifier("database1").engine("mysql").dbInstanceClass("db.t3.micro")
                .masterUsername("admin").masterUserPassword("buddyverse-pass").allocatedStorage(20));
        addReplica("database1-replica");
        fileSystemId = efs.createFileSystem(b -> b.creationToken("buddy-efs").tags(t -> t.key("Name").value("Buddy-EFS")))
                .fileSystemId();
        for (String alarm : List.of("Buddy-CPU-High", "Buddy-CPU-Low", "Buddy-Unhealthy-Hosts")) {
            cloudWatch.putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/EC2").metricName("CPUUtilization")
                    .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(1).threshold(50.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        }
    }

    void addReplica(String id) {
        rds.createDBInstanceReadReplica(b -> b.dbInstanceIdentifier(id).sourceDBInstanceIdentifier("database1")
                .dbInstanceClass("db.t3.micro"));
    }

    List<String> instances() {
        return BuddyWebTier.describe(autoScaling).instances().stream().map(Instance::instanceId).sorted().toList();
    }
}
