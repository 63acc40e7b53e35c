package link.buddyverse.ops.efs;

import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.OpsSettings;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.tell.OpsEventTeller;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.TooManyRequestsException;

/** The service clients EfsGuardFunction's observer, executors and teller call. */
@Factory
public class EfsClients {

    /**
     * EFS answers a throughput mode change within 24 hours of the last with 429 TooManyRequests and the time it will be
     * allowed: final for now, so the SDK must not retry it as throttling (its ThrottlingException still is).
     */
    @Singleton
    EfsClient efs(AwsClients clients) {
        return clients.build(EfsClient.builder(), failure -> failure instanceof TooManyRequestsException);
    }

    @Singleton
    CloudWatchClient cloudWatch(AwsClients clients) {
        return clients.build(CloudWatchClient.builder());
    }

    /** Every applied, skipped or failed action becomes an Ops Action event for the notifier. */
    @Singleton
    OpsEventTeller teller(AwsClients clients, JsonMapper jsonMapper, OpsSettings settings) {
        return OpsEventTeller.on(clients, jsonMapper, settings);
    }
}
