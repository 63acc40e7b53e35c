package link.buddyverse.ops.dashboard;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The service clients DashboardSyncFunction's observer, executor and teller call: every path reads all of them. */
@Factory
public class DashboardClients {

    @Singleton
    CloudWatchClient cloudWatch(AwsClients clients) {
        return clients.build(CloudWatchClient.builder());
    }

    @Singleton
    AutoScalingClient autoScaling(AwsClients clients) {
        return clients.build(AutoScalingClient.builder());
    }

    @Singleton
    ElasticLoadBalancingV2Client loadBalancing(AwsClients clients) {
        return clients.build(ElasticLoadBalancingV2Client.builder());
    }

    @Singleton
    RdsClient rds(AwsClients clients) {
        return clients.build(RdsClient.builder());
    }

    @Singleton
    EfsClient efs(AwsClients clients) {
        return clients.build(EfsClient.builder());
    }

    @Singleton
    SsmClient ssm(AwsClients clients) {
        return clients.build(SsmClient.builder());
    }

    /** Every PutDashboard applied, skipped or failed becomes an Ops Action event. */
    @Singleton
    OpsEventTeller teller(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return OpsEventTeller.on(clients, jsonMapper, settings);
    }
}
