package link.buddyverse.ops.incident.slack;

import jakarta.inject.Singleton;
import link.buddyverse.ops.incident.delivery.SlackTransport;
import link.buddyverse.ops.incident.message.SlackMessage;

/**
 * Delivery's source of transports: the credentials decide, per invocation, whether it is the bot token's Web
 * API ({@link BotTransport}) or an incoming webhook ({@link WebhookTransport}).
 */
@Singleton
public class SlackTransports implements SlackTransport.Source {

    private final SlackCredentials credentials;
    private final SlackGateway gateway;

    public SlackTransports(SlackCredentials credentials, SlackGateway gateway) {
        this.credentials = credentials;
        this.gateway = gateway;
    }

    @Override
    public SlackTransport open() {
        SlackAccess access = credentials.access();
        if (access instanceof SlackAccess.BotToken bot) {
            return new BotTransport(gateway, bot);
        }
        return new WebhookTransport(gateway, (SlackAccess.Webhook) access);
    }

    /** Warms the request path of both transports short of the network (SnapStart priming). */
    public void prime(SlackMessage message) {
        gateway.prime(message);
    }
}
