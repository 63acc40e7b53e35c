package link.buddyverse.ops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import link.buddyverse.ops.localslack.SlackStandIn;
import link.buddyverse.ops.localslack.SlackStandIn.Request;

/**
 * The Slack story a drill expects, checked when the drill's steps are done against what the Slack stand-in took
 * during the drill: each incident the drill's alarms open is posted once; the Ops Actions its alarm caused are
 * threaded under it, in the order the functions emitted them; it shows resolved once its alarm cleared; every Ops
 * Action a function emitted reached the notifier through a rule and was told once (or left untold by the
 * notifier's own choice); nothing is posted twice and no incident appears that the drill did not cause; a storm's
 * alarms are each told once, alone or in the one roll-up. The notifier names each Slack notice in the message's
 * metadata ({@code <incident>#<seq>-<event id>}), which is how a message is tied to its incident and a reply to
 * the event that caused it. The expectations come from the drill and from what the functions emitted, never from
 * what the notifier answered, so a notice it never sent is missed.
 */
final class IncidentExpectations {

    static final String NOTIFIER = "IncidentNotifierFunction";
    private static final String RESOLVED = ":white_check_mark: Resolved";
    private static final String STORM_OVER = ":white_check_mark: Storm over";
    private static final String STORM_THREAD = "storm:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackStandIn slack;
    private final int firstRequest;
    private final List<String> incidents = new ArrayList<>();
    private final List<String> storm = new ArrayList<>();

    IncidentExpectations(SlackStandIn slack) {
        this.slack = slack;
        this.firstRequest = slack.accepted().size();
    }

    /** The drill's alarm {@code key} opens an incident. */
    void incident(String key) {
        incidents.add(key);
    }

    /** The drill's alarms {@code keys} fire together: more than the storm threshold, so some are rolled up. */
    void storm(List<String> keys) {
        storm.addAll(keys);
    }

    boolean any() {
        return !incidents.isEmpty() || !storm.isEmpty();
    }

    /** Checks the story; each finding goes through {@code check}, which fails the drill at the first miss. */
    void verify(DrillContext context, List<EventBridgePart.Delivery> deliveries, List<EventBridgePart.Emitted> emitted) {
        List<Request> requests = drillRequests();
        List<Request> roots = requests.stream().filter(r -> r.method().equals("chat.postMessage") && !r.isReply()).toList();
        List<Request> replies = requests.stream().filter(r -> r.method().equals("chat.postMessage") && r.isReply()).toList();
        List<String> twice = new ArrayList<>(postedTwice(roots));
        twice.addAll(postedTwice(replies));
        twice.addAll(eventToldTwiceInAThread(replies));
        context.check(twice.isEmpty(), "Slack: no message and no thread reply posted twice", "posted twice: " + twice);

        List<String> expected = new ArrayList<>(incidents);
        expected.addAll(storm);
        List<Request> unexpected = roots.stream().filter(root -> expected.stream().noneMatch(key -> belongsTo(root, key))
                && !isStormRollUp(root)).toList();
        context.check(unexpected.isEmpty(), "Slack: no incident the drill did not cause",
                unexpected.stream().map(r -> "\"" + SlackNotices.headline(r) + "\" (" + r.noticeId() + ")").collect(Collectors.joining(", ")));

        for (String key : incidents) {
            Request root = openedOnce(context, roots, key);
            int actions = actionsThreadedInOrder(context, key, root, replies, emitted);
            boolean cleared = cleared(key, deliveries);
            String now = SlackNotices.headline(latest(root, requests));
            context.check(!cleared || now.startsWith(RESOLVED), "Slack: " + key + " opened once, its " + actions
                            + " action(s) threaded under it in the order they happened" + (cleared ? ", resolved when the alarm cleared" : ""),
                    "once the alarm cleared its message still reads \"" + now + "\"");
        }
        if (!storm.isEmpty()) {
            stormToldOnce(context, roots, requests, deliveries);
        }
        everyActionToldOnce(context, roots, replies, deliveries, emitted);
    }

    /** The Slack calls the stand-in accepted since the drill began. */
    private List<Request> drillRequests() {
        List<Request> accepted = slack.accepted();
        return firstRequest <= accepted.size() ? accepted.subList(firstRequest, accepted.size()) : accepted;
    }

    private static Request openedOnce(DrillContext context, List<Request> roots, String key) {
        List<Request> messages = roots.stream().filter(root -> belongsTo(root, key)).toList();
        if (messages.size() != 1) {
            context.check(false, "Slack: " + key + "'s incident opened once",
                    messages.isEmpty() ? "no message for it" : messages.size() + " messages for it");
        }
        return messages.get(0);
    }

    /**
     * The Ops Actions the functions emitted about this incident (the ones its alarm triggered, and any other the
     * notifier threaded under it) are its thread's action replies, in the order they were emitted. Returns how many.
     */
    private static int actionsThreadedInOrder(DrillContext context, String key, Request root, List<Request> replies,
                                              List<EventBridgePart.Emitted> emitted) {
        List<Request> thread = replies.stream().filter(r -> root.ts().equals(r.threadTs()))
                .sorted(Comparator.comparing(r -> Double.parseDouble(r.ts()))).toList();
        List<String> expected = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (EventBridgePart.Emitted action : opsActions(emitted)) {
            boolean ownAlarm = key.equals(detail(action.event()).path("trigger").path("alarm").asText());
            boolean threadedHere = thread.stream().anyMatch(r -> carries(r, action.eventId()));
            if (ownAlarm || threadedHere) {
                expected.add(action.eventId());
            }
            if (ownAlarm && !threadedHere) {
                missing.add(describe(action));
            }
        }
        if (!missing.isEmpty()) {
            context.check(false, "Slack: each action on " + key + " threaded under it", "not in its thread: " + String.join(", ", missing));
        }
        List<String> threaded = thread.stream().map(IncidentExpectations::eventIdOf).filter(expected::contains).toList();
        if (!threaded.equals(expected)) {
            context.check(false, "Slack: " + key + "'s thread tells its actions in the order they happened",
                    "the thread's order: " + threaded + ", the order they were emitted: " + expected);
        }
        return expected.size();
    }

    /**
     * No Ops Action a function emitted is lost or told twice: each reached the notifier through a rule and is one
     * thread reply (or the message of the incident it opened), unless the notifier answered that it skips it or has nothing to tell (and why is in the timeline).
     */
    private static void everyActionToldOnce(DrillContext context, List<Request> roots, List<Request> replies,
                                            List<EventBridgePart.Delivery> deliveries, List<EventBridgePart.Emitted> emitted) {
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        List<EventBridgePart.Emitted> actions = opsActions(emitted);
        for (EventBridgePart.Emitted action : actions) {
            EventBridgePart.Delivery delivery = deliveries.stream()
                    .filter(d -> d.rule().function().equals(NOTIFIER) && d.eventId().equals(action.eventId())).findFirst().orElse(null);
            if (delivery == null) {
                problems.add(describe(action) + " never reached " + NOTIFIER + " (no rule of template.yaml delivered it)");
                continue;
            }
            String status = delivery.invocation().result() == null ? "error" : delivery.invocation().status();
            if (status.equals("skipped") || status.equals("no-action")) {
                // The notifier's own decision (a routine action with no incident open on its resource, say), with
                // its reason in the timeline; the actions an incident's alarm triggered are held to their thread above.
                skipped++;
                continue;
            }
            // A reply in a thread, or the message of the incident it opened (a failed or critical action with no
            // incident to belong to).
            long told = replies.stream().filter(r -> carries(r, action.eventId())).count()
                    + roots.stream().filter(r -> carries(r, action.eventId())).count();
            if (told != 1) {
                problems.add(describe(action) + " told " + told + " times (notifier: " + status + ")");
            }
        }
        if (actions.isEmpty()) {
            return;
        }
        context.check(problems.isEmpty(), "Slack: each of the drill's " + actions.size() + " Ops Action event(s) reached " + NOTIFIER
                + (skipped == 0 ? " and was told once" : "; " + (actions.size() - skipped) + " told once, " + skipped
                + " left untold by its choice (the timeline says why)"), String.join("; ", problems));
    }

    private void stormToldOnce(DrillContext context, List<Request> roots, List<Request> requests, List<EventBridgePart.Delivery> deliveries) {
        List<Request> rollUps = roots.stream().filter(IncidentExpectations::isStormRollUp).toList();
        context.check(rollUps.size() == 1, "Slack: the storm is rolled up into one message", rollUps.size() + " roll-up messages");
        Request rollUp = rollUps.get(0);
        String listed = latest(rollUp, requests).everything();
        Map<String, Integer> told = new LinkedHashMap<>();
        for (String key : storm) {
            int alone = (int) roots.stream().filter(root -> belongsTo(root, key)).count();
            told.put(key, alone + (listed.contains("`" + key + "`") ? 1 : 0));
        }
        List<String> notOnce = told.entrySet().stream().filter(e -> e.getValue() != 1).map(e -> e.getKey() + " x" + e.getValue()).toList();
        context.check(notOnce.isEmpty(), "Slack: each of the storm's " + storm.size() + " alarms told once, alone or in the roll-up",
                String.join(", ", notOnce));
        long rolled = storm.stream().filter(key -> roots.stream().noneMatch(root -> belongsTo(root, key))).count();
        context.check(rolled > 0, "Slack: past the threshold, the storm's alarms join the roll-up instead of posting ("
                + rolled + " of " + storm.size() + ")", "none rolled up");
        if (storm.stream().allMatch(key -> cleared(key, deliveries))) {
            String now = SlackNotices.headline(latest(rollUp, requests));
            context.check(now.startsWith(STORM_OVER), "Slack: the roll-up says the storm is over once every alarm cleared",
                    "it reads \"" + now + "\"");
            List<String> open = new ArrayList<>();
            for (String key : storm) {
                roots.stream().filter(root -> belongsTo(root, key)).findFirst()
                        .filter(root -> !SlackNotices.headline(latest(root, requests)).startsWith(RESOLVED))
                        .ifPresent(root -> open.add(key));
            }
            context.check(open.isEmpty(), "Slack: every storm alarm posted alone shows resolved", "still open: " + open);
        }
    }

    /** One event told twice in one thread (two notices for it, whatever their ids): a retry that was not recognised. */
    private static List<String> eventToldTwiceInAThread(List<Request> replies) {
        Set<String> seen = new HashSet<>();
        return replies.stream().filter(r -> !eventIdOf(r).isEmpty())
                .map(r -> r.threadTs() + " " + eventIdOf(r)).filter(key -> !seen.add(key))
                .map(key -> "event " + key.substring(key.indexOf(' ') + 1) + " in thread " + key.substring(0, key.indexOf(' '))).toList();
    }

    private static List<String> postedTwice(List<Request> requests) {
        Set<String> seen = new HashSet<>();
        return requests.stream().map(Request::noticeId).filter(id -> id != null && !seen.add(id)).toList();
    }

    /** The message as it reads now: its last edit during the drill, else the post. */
    private static Request latest(Request root, List<Request> requests) {
        Request last = root;
        for (Request request : requests) {
            if (request.method().equals("chat.update") && root.ts().equals(request.ts())) {
                last = request;
            }
        }
        return last;
    }

    /** The alarm's clearing (a change to OK) reached the notifier. */
    private static boolean cleared(String key, List<EventBridgePart.Delivery> deliveries) {
        return deliveries.stream().anyMatch(d -> d.rule().function().equals(NOTIFIER)
                && d.detailType().equals("CloudWatch Alarm State Change")
                && key.equals(detail(d).path("alarmName").asText()) && "OK".equals(detail(d).path("state").path("value").asText()));
    }

    private static List<EventBridgePart.Emitted> opsActions(List<EventBridgePart.Emitted> emitted) {
        return emitted.stream().filter(e -> e.detailType().equals("Ops Action")).toList();
    }

    private static boolean belongsTo(Request message, String key) {
        return message.noticeId() != null && message.noticeId().startsWith(key + "#");
    }

    private static boolean isStormRollUp(Request message) {
        return message.noticeId() != null && message.noticeId().startsWith(STORM_THREAD);
    }

    private static boolean carries(Request reply, String eventId) {
        return reply.noticeId() != null && reply.noticeId().endsWith("-" + eventId);
    }

    /** The event id a notice was written for: its id is {@code <thread>#<seq>-<event id>}. */
    private static String eventIdOf(Request reply) {
        String id = reply.noticeId() == null ? "" : reply.noticeId();
        int hash = id.lastIndexOf('#');
        int dash = id.indexOf('-', hash + 1);
        return dash < 0 ? "" : id.substring(dash + 1);
    }

    private static String describe(EventBridgePart.Emitted action) {
        JsonNode detail = detail(action.event());
        return detail.path("function").asText() + "'s " + detail.path("action").path("action").asText() + " "
                + detail.path("action").path("target").asText() + " (" + detail.path("outcome").path("status").asText() + ")";
    }

    private static JsonNode detail(EventBridgePart.Delivery delivery) {
        return detail(delivery.event());
    }

    private static JsonNode detail(String event) {
        try {
            return JSON.readTree(event).path("detail");
        } catch (IOException e) {
            throw new IllegalStateException("a delivered event is not JSON", e);
        }
    }
}
