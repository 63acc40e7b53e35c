package link.buddyverse.ops.kit.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** The Auto Scaling client, for functions that carry the Auto Scaling SDK module. */
@Factory
@Requires(classes = AutoScalingClient.class)
public class AutoScalingClients {

    @Singleton
    AutoScalingClient autoScaling(AwsClients clients) {
        return clients.build(AutoScalingClient.builder());
    }
}
