package link.buddyverse.ops.localslack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.localslack.SlackStandIn.Request;

/**
 * The channels as a person would see them in Slack, built from the requests the stand-in accepted: each
 * top-level message with its edits and its thread. Channels in the order their first message came, messages in
 * post order. Incoming-webhook posts are top-level messages of channel {@value SlackStandIn#WEBHOOK_CHANNEL}.
 */
public record SlackHistory(List<SlackChannel> channels) {

    public SlackHistory {
        channels = List.copyOf(channels);
    }

    /** From requests in arrival order; requests not accepted and reads (conversations.*) change nothing. */
    public static SlackHistory of(List<Request> requests) {
        return of(requests, Map.of());
    }

    /** As {@link #of(List)}, channels named by {@code channelNames} (id to name) where it knows them. */
    public static SlackHistory of(List<Request> requests, Map<String, String> channelNames) {
        Map<String, List<String>> tsByChannel = new LinkedHashMap<>();
        Map<String, Drafted> byTs = new LinkedHashMap<>();
        for (Request request : requests) {
            if (!request.accepted()) {
                continue;
            }
            switch (request.method()) {
                case "chat.postMessage" -> {
                    if (request.isReply()) {
                        Drafted thread = byTs.get(request.threadTs());
                        if (thread != null) {
                            thread.replies.add(new ThreadReply(request.at(), request.ts(), request.text(), request.blocks(), request.noticeId()));
                        }
                    } else {
                        post(request, channelNames.getOrDefault(request.channel(), request.channel()), tsByChannel, byTs);
                    }
                }
                case "webhook" -> post(request, SlackStandIn.WEBHOOK_CHANNEL, tsByChannel, byTs);
                case "chat.update" -> {
                    Drafted message = byTs.get(request.ts());
                    if (message != null) {
                        message.versions.add(version(request));
                    }
                }
                default -> {
                    // conversations.* read, they change nothing a person sees
                }
            }
        }
        List<SlackChannel> channels = new ArrayList<>();
        tsByChannel.forEach((channel, timestamps) -> channels.add(new SlackChannel(channel,
                timestamps.stream().map(ts -> byTs.get(ts).toMessage(channel, ts)).toList())));
        return new SlackHistory(channels);
    }

    /** Only the messages posted, edited or replied to at or after {@code from} (each whole), and their channels. */
    public SlackHistory since(Instant from) {
        return new SlackHistory(channels.stream()
                .map(channel -> new SlackChannel(channel.name(), channel.messages().stream().filter(m -> m.touchedSince(from)).toList()))
                .filter(channel -> !channel.messages().isEmpty())
                .toList());
    }

    public Optional<SlackChannel> channel(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
    }

    /** Every channel's messages, channel by channel. */
    public List<ChannelMessage> messages() {
        return channels.stream().flatMap(channel -> channel.messages().stream()).toList();
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    private static void post(Request request, String channel, Map<String, List<String>> tsByChannel, Map<String, Drafted> byTs) {
        tsByChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(request.ts());
        Drafted drafted = new Drafted();
        drafted.versions.add(version(request));
        byTs.put(request.ts(), drafted);
    }

    private static MessageVersion version(Request request) {
        return new MessageVersion(request.at(), request.text(), request.blocks());
    }

    /** A message while the requests are read. */
    private static final class Drafted {
        final List<MessageVersion> versions = new ArrayList<>();
        final List<ThreadReply> replies = new ArrayList<>();

        ChannelMessage toMessage(String channel, String ts) {
            return new ChannelMessage(channel, ts, versions, replies);
        }
    }
}
