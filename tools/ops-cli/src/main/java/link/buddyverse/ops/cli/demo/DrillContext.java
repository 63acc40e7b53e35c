package link.buddyverse.ops.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import link.buddyverse.ops.localslack.SlackHistory;
import link.buddyverse.ops.localslack.SlackStandIn;

/**
 * What a drill works with: the sandbox, the functions (through {@code ./ops local invoke}), AWS's part
 * ({@link AwsPart}), and the timeline it reports to. {@link #check} is how a drill states an expected effect.
 */
public final class DrillContext {

    private final Timeline timeline;
    private final SandboxClients aws;
    private final FunctionInvoker functions;
    private final WebTier web;
    private final AwsPart awsPart;
    private final EventBridgePart eventBridge;
    private final SlackNotices slackNotices;
    private final IncidentExpectations incidents;
    private final java.time.Instant began = java.time.Instant.now();
    private final Map<String, String> coreOutputs;
    private final Set<String> templateFunctions;
    private final SlackStandIn slack;
    private WebTier.Group lastSeen;
    private int invocations;

    DrillContext(Timeline timeline, SandboxClients aws, FunctionInvoker functions, AwsPart awsPart, EventBridgePart eventBridge,
                 SlackStandIn slack, Map<String, String> coreOutputs, Set<String> templateFunctions) {
        this.eventBridge = eventBridge;
        this.slack = slack;
        this.slackNotices = new SlackNotices(slack);
        this.incidents = new IncidentExpectations(slack);
        this.timeline = timeline;
        this.aws = aws;
        this.functions = functions;
        this.awsPart = awsPart;
        this.coreOutputs = coreOutputs;
        this.templateFunctions = templateFunctions;
        this.web = new WebTier(aws, coreOutputs.get("GroupName"), coreOutputs.get("TargetGroupName"));
    }

    public SandboxClients aws() {
        return aws;
    }

    WebTier web() {
        return web;
    }

    AwsPart awsPart() {
        return awsPart;
    }

    public Map<String, String> coreOutputs() {
        return coreOutputs;
    }

    public boolean hasFunction(String logicalId) {
        return templateFunctions.contains(logicalId);
    }

    synchronized int invocations() {
        return invocations;
    }

    /** The drill's alarm {@code key} opens an incident in Slack (checked when the drill's steps are done). */
    void expectIncident(String key) {
        incidents.incident(key);
    }

    /** The drill's alarms {@code keys} fire within a minute, more than the storm threshold: a roll-up tells them. */
    void expectStorm(List<String> keys) {
        incidents.storm(keys);
    }

    /**
     * The drill's steps are done: its Slack story is checked (opened once, actions threaded in order, resolved), and
     * the channel as it reads now (the messages the drill touched) goes into the report.
     */
    void tellsTheStoryInSlack() {
        if (incidents.any()) {
            incidents.verify(this, eventBridge.deliveries(), eventBridge.emitted());
        }
        SlackHistory touched = slack.history().since(began);
        if (!touched.isEmpty()) {
            timeline.slackStory(touched);
        }
    }

    /** The incident messages (thread roots) Slack took during the drill that name {@code key}, in order. */
    List<SlackStandIn.Request> incidentMessagesAbout(String key) {
        return slack.roots().stream().filter(r -> !r.at().isBefore(began))
                .filter(r -> String.valueOf(r.text()).contains(key) || String.valueOf(r.blocksJson()).contains(key)).toList();
    }

    /** A picture for the report (a dashboard's preview). */
    void attach(String title, String html) {
        timeline.attach(title, html);
    }

    /** What the owners did by hand. */
    void owners(String text) {
        timeline.add(Kind.ACTION, text);
    }

    void note(String text) {
        timeline.add(Kind.NOTE, text);
    }

    /** Something AWS did that moto models itself. */
    void aws(String text) {
        timeline.add(Kind.AWS, text);
    }

    void pending(String text) {
        timeline.add(Kind.PENDING, text);
    }

    /** The expected effect: a pass, or the drill fails here. */
    void check(boolean holds, String expected, String actual) {
        if (holds) {
            timeline.add(Kind.PASS, expected);
        } else {
            timeline.add(Kind.FAIL, expected + ": instead " + actual);
            throw new DrillFailed(expected + " did not happen: " + actual);
        }
    }

    /** The group now; records its capacity, and a change line when it differs from the last look. */
    WebTier.Group observe() {
        WebTier.Group group = web.group();
        timeline.sample(group.desired(), group.inService(), group.max());
        if (lastSeen != null && (lastSeen.desired() != group.desired() || lastSeen.inService() != group.inService()
                || lastSeen.max() != group.max() || !lastSeen.ids().equals(group.ids()))) {
            List<String> details = new ArrayList<>();
            List<String> launched = group.ids().stream().filter(id -> !lastSeen.ids().contains(id)).toList();
            List<String> gone = lastSeen.ids().stream().filter(id -> !group.ids().contains(id)).toList();
            if (!launched.isEmpty()) {
                details.add("launched " + String.join(", ", launched));
            }
            if (!gone.isEmpty()) {
                details.add("gone " + String.join(", ", gone));
            }
            timeline.add(Kind.CHANGE, web.groupName() + ": " + transition("desired", lastSeen.desired(), group.desired()) + ", "
                    + transition("in service", lastSeen.inService(), group.inService()) + ", "
                    + transition("max", lastSeen.max(), group.max()), details);
        }
        lastSeen = group;
        return group;
    }

    private static String transition(String what, int before, int after) {
        return before == after ? what + " " + after : what + " " + before + " -> " + after;
    }

    /**
     * Delivers {@code event} to the function directly (its schedule fires, its queue delivers), reports what it
     * decided, and routes the events it emitted.
     */
    FunctionInvoker.Invocation deliver(String function, String event) {
        FunctionInvoker.Invocation invocation = invoke(function, event);
        eventBridge.routeEmitted(this);
        return invocation;
    }

    /**
     * AWS emits {@code event}: EventBridge delivers it through template.yaml's rules (then what the functions emitted
     * in turn). Returns what {@code function} answered; the drill fails when no rule delivers the event to it.
     */
    FunctionInvoker.Invocation publish(String function, String event) {
        List<EventBridgePart.Delivery> deliveries = eventBridge.publish(this, event);
        FunctionInvoker.Invocation invocation = deliveries.stream().filter(d -> d.rule().function().equals(function))
                .map(EventBridgePart.Delivery::invocation).findFirst().orElse(null);
        if (invocation == null) {
            String expected = "a rule of template.yaml delivers the event to " + function;
            String actual = "the rules it matched: " + (deliveries.isEmpty() ? "none" : String.join(", ",
                    deliveries.stream().map(d -> d.rule().name()).toList()));
            timeline.add(Kind.FAIL, expected + ": instead " + actual);
            throw new DrillFailed(expected + " did not happen: " + actual);
        }
        return invocation;
    }

    /** Invokes the function with {@code event} and reports what it decided. */
    FunctionInvoker.Invocation invoke(String function, String event) {
        synchronized (this) {
            invocations++;
        }
        FunctionInvoker.Invocation invocation = functions.invoke(function, event);
        List<String> details = new ArrayList<>();
        for (Map<String, Object> action : invocation.plan()) {
            details.add(action.get("action") + " " + action.get("target") + " " + action.get("before") + " -> " + action.get("after")
                    + ": " + action.get("reason"));
        }
        for (Map<String, Object> outcome : invocation.outcomes()) {
            details.add("  " + outcome.get("status") + ": " + outcome.get("action") + " " + outcome.get("target")
                    + (outcome.get("detail") == null || String.valueOf(outcome.get("detail")).isEmpty() ? "" : " (" + outcome.get("detail") + ")"));
        }
        invocation.warnings().forEach(warning -> details.add("warning: " + warning));
        if (invocation.result() == null) {
            details.add(invocation.output());
            List<String> logs = invocation.logs();
            details.addAll(logs.subList(Math.max(0, logs.size() - 12), logs.size()));
        }
        String reason = invocation.reason() == null ? "" : ": " + invocation.reason();
        timeline.add(Kind.FUNCTION, function + " " + invocation.status() + reason + String.format(" (%.1f s, %s)",
                invocation.millis() / 1000.0, invocation.cold() ? "a cold start" : "warm"), details);
        check(invocation.exitCode() == 0 && invocation.result() != null, function + " answered",
                "exit status " + invocation.exitCode() + ": " + invocation.output());
        if (function.equals(IncidentExpectations.NOTIFIER)) {
            synchronized (slackNotices) {
                slackNotices.sinceLastLook().forEach(request -> timeline.add(Kind.SLACK, slackNotices.describe(request)));
            }
        }
        return invocation;
    }
}
