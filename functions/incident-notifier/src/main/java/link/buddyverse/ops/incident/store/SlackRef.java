package link.buddyverse.ops.incident.store;

/** Where a Slack message is: the channel id Slack answered with and the message's timestamp id. */
public record SlackRef(String channel, String ts) {
}
