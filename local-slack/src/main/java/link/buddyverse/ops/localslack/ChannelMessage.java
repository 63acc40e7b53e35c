package link.buddyverse.ops.localslack;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A top-level message of a channel, as a person sees it over time: {@code versions} the post then each edit
 * (chat.update), oldest first; {@code replies} its thread, in the order they were posted.
 */
public record ChannelMessage(String channel, String ts, List<MessageVersion> versions, List<ThreadReply> replies) {

    public ChannelMessage {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a message has at least the version it was posted with: " + ts);
        }
        versions = List.copyOf(versions);
        replies = List.copyOf(replies);
    }

    /** What the channel shows now: the last edit, or the post. */
    public MessageVersion current() {
        return versions.get(versions.size() - 1);
    }

    public Instant postedAt() {
        return versions.get(0).at();
    }

    /** Slack marks a message "(edited)" once chat.update changed it. */
    public boolean edited() {
        return versions.size() > 1;
    }

    /** The last time it was posted, edited or replied to. */
    public Instant lastTouched() {
        return Stream.concat(versions.stream(), replies.stream()).map(MessageContent::at).max(Instant::compareTo).orElseThrow();
    }

    /** Posted, edited or replied to at or after {@code from}. */
    public boolean touchedSince(Instant from) {
        return !lastTouched().isBefore(from);
    }
}
