package link.buddyverse.ops.lifecycle;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.recheck.SendRecheckExecutor;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The service clients LifecycleHookFunction's observer, executors and teller call. None is lazy: every launch
 * round reads the target group (the check's path and codes) and SSM, every terminate round the target's health.
 */
@Factory
public class LifecycleClients {

    @Singleton
    AutoScalingClient autoScaling(AwsClients clients) {
        return clients.build(AutoScalingClient.builder());
    }

    @Singleton
    ElasticLoadBalancingV2Client loadBalancing(AwsClients clients) {
        return clients.build(ElasticLoadBalancingV2Client.builder());
    }

    @Singleton
    SsmClient ssm(AwsClients clients) {
        return clients.build(SsmClient.builder());
    }

    @Singleton
    SqsClient sqs(AwsClients clients) {
        return clients.build(SqsClient.builder());
    }

    /** Re-checks go to the function's own delay queue through the kit's action. */
    @Singleton
    SendRecheckExecutor recheckExecutor(SqsClient sqs, JsonMapper jsonMapper) {
        return new SendRecheckExecutor(sqs, jsonMapper);
    }

    /** Every answer, heartbeat, command and re-check becomes an Ops Action event for the notifier. */
    @Singleton
    OpsEventTeller teller(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return OpsEventTeller.on(clients, jsonMapper, settings);
    }
}
