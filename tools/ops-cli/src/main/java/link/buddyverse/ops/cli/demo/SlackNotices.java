package link.buddyverse.ops.cli.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.localslack.SlackStandIn.Request;

/**
 * What reached the sandbox's Slack stand-in, as the timeline marks it: each message posted, edited or replied to
 * since the last look, in the order Slack took them, one line each ("posted to #buddy-ops: ...").
 */
final class SlackNotices {

    private final SlackStandIn slack;
    private final Map<String, String> headlines = new HashMap<>();
    private int seen;

    SlackNotices(SlackStandIn slack) {
        this.slack = slack;
        this.seen = slack.accepted().size();
    }

    /** The Slack calls accepted since the last look (all of them if the stand-in was reset meanwhile). */
    List<Request> sinceLastLook() {
        List<Request> accepted = slack.accepted();
        if (accepted.size() < seen) {
            seen = 0;
        }
        List<Request> fresh = new ArrayList<>(accepted.subList(seen, accepted.size()));
        seen = accepted.size();
        return fresh;
    }

    /** One line for the timeline: what a person in the channel saw happen. */
    String describe(Request request) {
        String channel = channelName(request.channel());
        String headline = headline(request);
        return switch (request.method()) {
            case "chat.postMessage" -> {
                if (request.isReply()) {
                    yield "replied in " + channel + " under \"" + headlines.getOrDefault(request.threadTs(), request.threadTs()) + "\": "
                            + oneLine(request.text());
                }
                headlines.put(request.ts(), headline);
                yield "posted to " + channel + ": " + headline;
            }
            case "chat.update" -> {
                headlines.put(request.ts(), headline);
                yield "edited in " + channel + ": " + headline;
            }
            case "webhook" -> "posted through the webhook: " + headline;
            default -> request.method() + " " + channel;
        };
    }

    /** The message's header block (its title line), else its text. */
    static String headline(Request request) {
        String title = request.block("title");
        return oneLine(title != null ? title : request.text());
    }

    static String channelName(String id) {
        return SlackStandIn.CHANNEL_IDS.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                .findFirst().orElse(id);
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replace('\n', ' ').strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
