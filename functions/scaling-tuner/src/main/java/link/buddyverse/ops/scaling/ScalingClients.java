package link.buddyverse.ops.scaling;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.aws.LazyClient;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import link.buddyverse.ops.kit.OpsSettings;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The service clients ScalingTunerFunction's observer, executors and teller call. The load-balancer client serves only
 * the unhealthy-hosts path and CloudWatch only the schedule's re-check, so both are built on first use (269
 * classes less at init for the load-balancer client alone).
 */
@Factory
public class ScalingClients {

    @Singleton
    AutoScalingClient autoScaling(AwsClients clients) {
        return clients.build(AutoScalingClient.builder());
    }

    @Singleton
    LazyClient<ElasticLoadBalancingV2Client> loadBalancing(AwsClients clients) {
        return clients.lazy(ElasticLoadBalancingV2Client::builder);
    }

    @Singleton
    LazyClient<CloudWatchClient> cloudWatch(AwsClients clients) {
        return clients.lazy(CloudWatchClient::builder);
    }

    /** Every applied, skipped or failed action becomes an Ops Action event for the notifier. */
    @Singleton
    OpsEventTeller teller(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return OpsEventTeller.on(clients, jsonMapper, settings);
    }
}
