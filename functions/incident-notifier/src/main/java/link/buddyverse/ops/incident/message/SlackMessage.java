package link.buddyverse.ops.incident.message;

import java.util.List;

/**
 * One Slack message: Block Kit blocks, and the plain text Slack shows in notifications and where blocks
 * cannot be rendered.
 */
public record SlackMessage(String text, List<Block> blocks) {

    public SlackMessage {
        blocks = List.copyOf(blocks);
    }
}
