package link.buddyverse.ops.scaling;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.aws.AwsClients;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** The clients only this function needs, built once per container on ops-kit's shared wiring. */
@Factory
public class AwsClientsForScaling {

    @Singleton
    ElasticLoadBalancingV2Client loadBalancing(AwsClients clients) {
        return clients.build(ElasticLoadBalancingV2Client.builder());
    }
}
