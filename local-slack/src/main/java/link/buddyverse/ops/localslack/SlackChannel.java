package link.buddyverse.ops.localslack;

import java.util.List;

/** A channel by its name ({@code #buddy-ops}, or its id when the stand-in knows no name for it), messages in post order. */
public record SlackChannel(String name, List<ChannelMessage> messages) {

    public SlackChannel {
        messages = List.copyOf(messages);
    }
}
