package link.buddyverse.ops.incident;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import link.buddyverse.ops.kit.aws.AwsClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The clients only this function needs, built once per container on ops-kit's shared wiring. */
@Factory
public class AwsClientsForIncidents {

    /** Built on first use only: with SLACK_BOT_TOKEN or SLACK_WEBHOOK_URL set, it never is. */
    @Singleton
    SecretsManagerClient secretsManager(AwsClients clients) {
        return clients.build(SecretsManagerClient.builder());
    }
}
