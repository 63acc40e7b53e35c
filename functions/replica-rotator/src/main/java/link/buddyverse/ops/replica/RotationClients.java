package link.buddyverse.ops.replica;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The service clients ReplicaRotatorFunction's observer, executors and teller call: every reconcile uses each. */
@Factory
public class RotationClients {

    @Singleton
    RdsClient rds(AwsClients clients) {
        return clients.build(RdsClient.builder());
    }

    /** RPCv2 CBOR since SDK 2.30 (the local gateway bridges it to moto). */
    @Singleton
    CloudWatchClient cloudWatch(AwsClients clients) {
        return clients.build(CloudWatchClient.builder());
    }

    @Singleton
    Route53Client route53(AwsClients clients) {
        return clients.build(Route53Client.builder());
    }

    @Singleton
    SsmClient ssm(AwsClients clients) {
        return clients.build(SsmClient.builder());
    }

    /** Every applied, skipped or failed change of the read endpoint becomes an Ops Action event for the notifier. */
    @Singleton
    OpsEventTeller teller(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return OpsEventTeller.on(clients, jsonMapper, settings);
    }
}
