package link.buddyverse.ops.incident.message;

import static link.buddyverse.ops.incident.lifecycle.IncidentThread.duration;
import static link.buddyverse.ops.incident.lifecycle.IncidentThread.escape;
import static link.buddyverse.ops.incident.lifecycle.IncidentThread.truncate;

import jakarta.inject.Singleton;
import link.buddyverse.ops.incident.NotifierSettings;
import link.buddyverse.ops.incident.lifecycle.ActionEntry;
import link.buddyverse.ops.incident.lifecycle.ConsoleLinks;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.IncidentKind;
import link.buddyverse.ops.incident.lifecycle.IncidentThread;
import link.buddyverse.ops.incident.store.StormRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.incident.message.Block.Text;

/**
 * The Block Kit messages: an incident's one message (what fired, where, why, what the automation did, links
 * to the alarm, the dashboard and the resource in the console of the incident's region), its thread replies,
 * and a storm's roll-up. Built with the notifier's own Block Kit model ({@link Block}); sized within Slack's limits (header 150
 * characters, section text 3,000, 10 fields, 50 blocks).
 */
@Singleton
public class IncidentMessages {

    static final String FUNCTION = "IncidentNotifierFunction";
    static final int SHOWN_ACTIONS = 10;
    static final int SHOWN_MEMBERS = 100;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final int SECTION_TEXT = 2900;

    private final NotifierSettings settings;

    public IncidentMessages(NotifierSettings settings) {
        this.settings = settings;
    }

    /** The incident's message as of {@code now}: posted when it opens, updated in place after. */
    public SlackMessage incident(Incident incident, Instant now) {
        List<Block> blocks = new ArrayList<>();
        String headline = incident.isOpen()
                ? incident.severity().emoji() + " " + incident.severity().label() + ": " + incident.title()
                : ":white_check_mark: Resolved: " + incident.title();
        blocks.add(Block.header("title", truncate(headline, 150)));
        blocks.add(Block.section("status", statusLine(incident, now)));

        List<Text> facts = new ArrayList<>();
        facts.add(Text.mrkdwn("*Severity*\n" + incident.severity().emoji() + " " + incident.severity().label()));
        if (incident.resource() != null) {
            facts.add(Text.mrkdwn("*Resource*\n" + link(incident.resourceLink(), incident.resource())));
        }
        if (incident.metric() != null) {
            facts.add(Text.mrkdwn("*Metric*\n" + escape(incident.metric())));
        }
        if (incident.threshold() != null) {
            facts.add(Text.mrkdwn("*Threshold*\n" + escape(incident.threshold())));
        }
        facts.add(Text.mrkdwn("*Region*\n" + escape(incident.region())));
        if (incident.reopenCount() > 0) {
            facts.add(Text.mrkdwn("*Flapping*\nreopened " + incident.reopenCount() + "×"));
        }
        blocks.add(Block.fields("facts", facts));

        if (incident.reason() != null && !incident.reason().isBlank()) {
            String label = incident.kind() == IncidentKind.ALARM ? "*Reason (AWS)*" : "*Latest event*";
            blocks.add(Block.section("reason", label + "\n>"
                    + escape(truncate(incident.reason(), SECTION_TEXT - 40)).replace("\n", "\n>")));
        }
        blocks.add(Block.section("actions", actionsTaken(incident)));
        blocks.add(Block.divider());
        blocks.add(Block.context("links", links(incident)));
        return new SlackMessage(fallback(incident, now), blocks);
    }

    /** A thread reply, or a line the roll-up thread shows for one of its members. */
    public SlackMessage reply(String text, String incidentKey, boolean inStorm) {
        String line = inStorm ? "`" + escape(incidentKey) + "` " + text : text;
        String shown = truncate(line, SECTION_TEXT);
        return new SlackMessage(plain(shown), List.of(Block.section(null, shown)));
    }

    /**
     * The message or reply flagged as possibly doubled: posted again after an attempt that got no answer, without
     * the look-up that would have found it (null {@code why}: as it is). Says why, so the channel learns which
     * scope the app lacks.
     */
    public SlackMessage possiblyDoubled(SlackMessage message, String why) {
        if (why == null) {
            return message;
        }
        List<Block> blocks = new ArrayList<>(message.blocks());
        String note = ":warning: This may be posted twice: an earlier attempt got no answer from Slack, and the look-up"
                + " that would have found it failed (" + escape(truncate(why, 400)) + ").";
        if (blocks.size() < 50) {
            blocks.add(Block.context("possibly-doubled", List.of(Text.mrkdwn(note))));
        }
        return new SlackMessage(message.text() + " (may be posted twice: look-up failed)", blocks);
    }

    /** A storm's roll-up: one message listing the incidents that opened together, updated as they change. */
    public SlackMessage storm(StormRecord storm, Map<String, Incident> members, Instant now) {
        List<Incident> ordered = new ArrayList<>(members.values());
        ordered.sort(Comparator.comparing(Incident::openedAt).thenComparing(Incident::key));
        long open = ordered.stream().filter(Incident::isOpen).count();
        boolean over = !ordered.isEmpty() && open == 0;
        String headline = over
                ? ":white_check_mark: Storm over: all " + ordered.size() + " incidents resolved"
                : ":cloud_with_lightning: Incident storm: " + ordered.size() + " incidents since "
                        + TIME.format(storm.openedAt()) + " UTC";
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.header("title", truncate(headline, 150)));
        String intro = "More than " + settings.stormThreshold() + " incidents opened within a minute, so they are"
                + " rolled up here instead of one message each. *" + open + " open*, " + (ordered.size() - open)
                + " resolved. Each keeps its own state; what the automation does about them is threaded below.";
        blocks.add(Block.section("status", intro));

        List<String> lines = new ArrayList<>();
        for (Incident member : ordered.subList(0, Math.min(ordered.size(), SHOWN_MEMBERS))) {
            lines.add(memberLine(member, now));
        }
        if (ordered.size() > SHOWN_MEMBERS) {
            lines.add("_…and " + (ordered.size() - SHOWN_MEMBERS) + " more_");
        }
        int part = 0;
        StringBuilder chunk = new StringBuilder();
        for (String line : lines) {
            if (chunk.length() + line.length() + 1 > SECTION_TEXT) {
                String text = chunk.toString();
                String id = "members-" + part++;
                blocks.add(Block.section(id, text));
                chunk.setLength(0);
            }
            chunk.append(chunk.length() == 0 ? "" : "\n").append(line);
        }
        if (chunk.length() > 0) {
            String text = chunk.toString();
            String id = "members-" + part;
            blocks.add(Block.section(id, text));
        }
        blocks.add(Block.divider());
        String region = ordered.isEmpty() ? settings.region() : ordered.get(0).region();
        List<Text> links = List.of(Text.mrkdwn("<" + ConsoleLinks.dashboard(region, settings.dashboardName())
                + "|Dashboard " + escape(settings.dashboardName()) + "> · " + FUNCTION + " · " + escape(storm.key())));
        blocks.add(Block.context("links", links));
        String text = over ? "Storm over: " + ordered.size() + " incidents resolved"
                : "Incident storm: " + ordered.size() + " incidents (" + open + " open)";
        return new SlackMessage(text, blocks);
    }

    private String statusLine(Incident incident, Instant now) {
        String since = WHEN.format(incident.openedAt());
        if (!incident.isOpen()) {
            String resolved = incident.resolvedAt() == null ? "" : " (" + TIME.format(incident.openedAt()) + " → "
                    + TIME.format(incident.resolvedAt()) + " UTC)";
            return "*Resolved* after " + duration(incident.duration(now)) + resolved
                    + (incident.resolution() == null ? "" : ": " + escape(incident.resolution()));
        }
        String state = incident.kind() == IncidentKind.ALARM ? "*In ALARM*" : "*Open*";
        if (incident.reopenCount() > 0) {
            state = incident.kind() == IncidentKind.ALARM ? "*In ALARM again*" : "*Open again*";
        }
        return state + " since " + since + (incident.storm() == null ? "" : " · part of " + escape(incident.storm()));
    }

    private static String actionsTaken(Incident incident) {
        if (incident.actions().isEmpty()) {
            return "*Actions taken*\n_None yet: the automation's actions appear here and in the thread._";
        }
        List<ActionEntry> actions = incident.actions();
        int from = Math.max(0, actions.size() - SHOWN_ACTIONS);
        StringBuilder text = new StringBuilder("*Actions taken*");
        if (from > 0) {
            text.append("\n_").append(from).append(" earlier action(s) in the thread_");
        }
        for (ActionEntry action : actions.subList(from, actions.size())) {
            text.append("\n• ").append(TIME.format(action.at())).append(' ').append(IncidentThread.actionSummary(action));
        }
        return truncate(text.toString(), SECTION_TEXT);
    }

    private List<Text> links(Incident incident) {
        List<String> parts = new ArrayList<>();
        if (incident.alarmLink() != null) {
            parts.add("<" + incident.alarmLink() + "|Alarm>");
        }
        parts.add("<" + ConsoleLinks.dashboard(incident.region(), settings.dashboardName()) + "|Dashboard "
                + escape(settings.dashboardName()) + ">");
        if (incident.resourceLink() != null) {
            parts.add("<" + incident.resourceLink() + "|" + escape(incident.resource()) + " in the console>");
        }
        parts.add(FUNCTION + " · incident `" + escape(incident.key()) + "`");
        return List.of(Text.mrkdwn(String.join(" · ", parts)));
    }

    private String memberLine(Incident member, Instant now) {
        String state = member.isOpen()
                ? member.severity().emoji() + " `" + escape(member.key()) + "` open " + duration(member.duration(now))
                : ":white_check_mark: `" + escape(member.key()) + "` resolved after " + duration(member.duration(now));
        StringBuilder line = new StringBuilder(state);
        if (member.resourceLink() != null && member.resource() != null) {
            line.append(" · ").append(link(member.resourceLink(), member.resource()));
        }
        if (member.reopenCount() > 0) {
            line.append(" · reopened ").append(member.reopenCount()).append('×');
        }
        if (!member.actions().isEmpty()) {
            line.append(" · ").append(member.actions().size()).append(" action(s)");
        }
        return line.toString();
    }

    private static String fallback(Incident incident, Instant now) {
        if (!incident.isOpen()) {
            return "Resolved: " + incident.title() + " after " + duration(incident.duration(now));
        }
        String what = incident.kind() == IncidentKind.ALARM ? " is in ALARM" : " needs attention";
        String reason = incident.reason() == null ? "" : ": " + truncate(incident.reason(), 200);
        return "[" + incident.severity().label() + "] " + incident.title() + what + reason;
    }

    private static String link(String url, String label) {
        return url == null ? escape(label) : "<" + url + "|" + escape(label) + ">";
    }

    /** Slack's plain-text fallback: the mrkdwn without its markup characters. */
    private static String plain(String mrkdwn) {
        return mrkdwn.replace("*", "").replace("`", "").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
    }
}
