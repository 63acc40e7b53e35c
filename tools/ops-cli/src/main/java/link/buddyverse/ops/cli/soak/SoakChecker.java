package link.buddyverse.ops.cli.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds what the soak saw against issue 20's promise: no event id changes the group twice, and every event is either
 * applied once or ends skipped, superseded or no-action with its reason (none lost), the group within its bounds.
 * Pure: it reads the records of a run (events, deliveries and their results, the mutating calls the gateway
 * recorded, the group's capacity as sampled) and says what it found.
 *
 * <p>A mutating call is tied to an event by what the calls and the results both say: the same operation and value
 * as one of the event's planned actions, made while one of the event's deliveries was running. Under the group's
 * lease only one event acts on it at a time; where two events' plans and windows would both fit, the call goes to
 * the one with no change of that kind yet, so a double change is reported only when no other reading explains it.
 */
final class SoakChecker {

    /** A call can arrive at the gateway a moment after the container was given up on (a timeout). */
    static final Duration WINDOW_SLACK = Duration.ofSeconds(1);
    private static final Pattern LAST_NUMBER = Pattern.compile("(-?\\d+)(?!.*\\d)");

    /** What the run amounted to: figures to print, and findings (a finding fails the soak). */
    record Verdict(Map<String, Object> figures, List<String> findings, List<String> notes) {
        boolean passed() {
            return findings.isEmpty();
        }
    }

    private final int maxSizeCeiling;

    SoakChecker(int maxSizeCeiling) {
        this.maxSizeCeiling = maxSizeCeiling;
    }

    Verdict check(List<SoakEvent> events, List<Delivery> deliveries, List<GroupChange> calls, GroupSample initial,
                  List<GroupSample> samples) {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<Delivery>> byEvent = new LinkedHashMap<>();
        events.forEach(e -> byEvent.put(e.id(), new ArrayList<>()));
        for (Delivery delivery : deliveries) {
            byEvent.computeIfAbsent(delivery.eventId(), id -> new ArrayList<>()).add(delivery);
        }

        figures.put("events", events.size());
        figures.put("eventsByKind", countBy(events.stream().map(e -> e.kind().name()).toList()));
        figures.put("eventsDeliveredTwiceAtOnce", events.stream().filter(SoakEvent::duplicated).count());
        figures.put("deliveries", deliveries.size());
        figures.put("retries", deliveries.stream().filter(d -> d.attempt() > 0).count());
        figures.put("deliveryAnswers", countBy(deliveries.stream().map(d -> d.answered() ? "answered " + d.status() : d.answer()).toList()));

        Map<String, Integer> finals = new TreeMap<>();
        for (SoakEvent event : events) {
            Final ending = finalOf(byEvent.get(event.id()));
            finals.merge(ending.status(), 1, Integer::sum);
            if (ending.status().startsWith("failed")) {
                findings.add("lost: event " + event.id() + " (" + event.kind() + ") ended " + ending.status()
                        + (ending.reason() == null ? "" : ": " + ending.reason()) + "; deliveries: " + describe(byEvent.get(event.id())));
            } else if (!ending.status().equals("applied") && (ending.reason() == null || ending.reason().isBlank())) {
                findings.add("no reason: event " + event.id() + " ended " + ending.status() + " without saying why; deliveries: "
                        + describe(byEvent.get(event.id())));
            }
        }
        figures.put("finalStatus", finals);

        // Changes per event id across all its deliveries (each delivery's own log, and its result): an action changed by
        // two deliveries is two changes. A duplicate's answer repeats what the delivery holding the event recorded.
        for (Map.Entry<String, List<Delivery>> entry : byEvent.entrySet()) {
            Map<String, List<Delivery>> changedBy = new LinkedHashMap<>();
            for (Delivery delivery : entry.getValue()) {
                delivery.changedActions().forEach(action -> changedBy.computeIfAbsent(action, a -> new ArrayList<>()).add(delivery));
            }
            changedBy.forEach((action, by) -> {
                if (by.size() > 1) {
                    findings.add("applied twice: event " + entry.getKey() + " reports " + action + " applied by " + by.size()
                            + " deliveries: " + describe(by));
                }
            });
        }

        checkCalls(byEvent, calls, initial, figures, findings, notes);
        checkSamples(samples, findings);
        return new Verdict(figures, findings, notes);
    }

    /** Every mutating call the gateway recorded, replayed on the group and tied to the event it belongs to. */
    private void checkCalls(Map<String, List<Delivery>> byEvent, List<GroupChange> calls, GroupSample initial,
                            Map<String, Object> figures, List<String> findings, List<String> notes) {
        List<GroupChange> reached = calls.stream().filter(GroupChange::reachedMoto).sorted(Comparator.comparing(GroupChange::time)).toList();
        int min = initial.minSize();
        int desired = initial.desiredCapacity();
        int max = initial.maxSize();
        int changing = 0;
        int desiredLow = desired;
        int desiredHigh = desired;
        int maxHigh = max;
        List<GroupChange> changingCalls = new ArrayList<>();
        List<List<String>> candidatesOf = new ArrayList<>();
        int unattributed = 0;
        for (GroupChange call : reached) {
            boolean changes = call.desiredCapacity() != null && call.desiredCapacity() != desired
                    || call.maxSize() != null && call.maxSize() != max || call.minSize() != null && call.minSize() != min;
            desired = call.desiredCapacity() == null ? desired : call.desiredCapacity();
            max = call.maxSize() == null ? max : call.maxSize();
            min = call.minSize() == null ? min : call.minSize();
            if (changes) {
                changing++;
            }
            desiredLow = Math.min(desiredLow, desired);
            desiredHigh = Math.max(desiredHigh, desired);
            maxHigh = Math.max(maxHigh, max);
            if (desired < min || desired > max || max > maxSizeCeiling) {
                findings.add("out of bounds: after " + call + " the group is min " + min + ", desired " + desired + ", max " + max
                        + " (ceiling " + maxSizeCeiling + ")");
            }
            String action = call.operation().equals("SetDesiredCapacity") ? "SetDesiredCapacity" : "UpdateGroupLimits";
            Integer value = call.operation().equals("SetDesiredCapacity") ? call.desiredCapacity() : call.maxSize();
            // The events that logged this very change while the call was made come first; then those that planned it and
            // had a delivery running (one whose answer was cut shows its plan only in a later delivery's result).
            List<String> loggers = new ArrayList<>();
            List<String> planners = new ArrayList<>();
            List<String> failers = new ArrayList<>();
            byEvent.forEach((eventId, deliveries) -> {
                List<Delivery> during = deliveries.stream().filter(d -> !call.time().isBefore(d.start())
                        && !call.time().isAfter(d.end().plus(WINDOW_SLACK))).toList();
                if (during.stream().flatMap(d -> d.logged().stream()).anyMatch(s -> sets(s, action, value))) {
                    loggers.add(eventId);
                } else if (!during.isEmpty() && deliveries.stream()
                        .flatMap(d -> java.util.stream.Stream.concat(d.steps().stream(), d.logged().stream()))
                        .anyMatch(s -> sets(s, action, value))) {
                    planners.add(eventId);
                } else if (during.stream().anyMatch(d -> d.failed() && d.reason() != null
                        && d.reason().contains(action + " on " + Soak.GROUP + " failed"))) {
                    // Its answer cut and the event never answered since: the failure names the action, not the value.
                    failers.add(eventId);
                }
            });
            List<String> candidates = new ArrayList<>(loggers);
            candidates.addAll(planners);
            candidates.addAll(failers);
            if (candidates.isEmpty()) {
                unattributed++;
                findings.add("unattributed: " + call + " belongs to no event's planned " + action + " " + value
                        + " during one of its deliveries");
                continue;
            }
            if (changes) {
                changingCalls.add(call);
                candidatesOf.add(candidates);
            }
        }
        // Each change to one event's action of that kind: a matching (augmenting paths) of the changing calls to
        // (event, operation), so that a change is called a second one only when no other reading of the windows explains it.
        Map<String, Integer> matched = new LinkedHashMap<>();
        for (int i = 0; i < changingCalls.size(); i++) {
            match(i, changingCalls, candidatesOf, matched, new java.util.HashSet<>());
        }
        java.util.Set<Integer> matchedCalls = new java.util.HashSet<>(matched.values());
        Map<String, List<GroupChange>> changesOf = new LinkedHashMap<>();
        matched.forEach((slot, i) -> changesOf.computeIfAbsent(slot.substring(0, slot.indexOf('|')), id -> new ArrayList<>())
                .add(changingCalls.get(i)));
        for (int i = 0; i < changingCalls.size(); i++) {
            if (!matchedCalls.contains(i)) {
                GroupChange call = changingCalls.get(i);
                String eventId = candidatesOf.get(i).get(0);
                List<GroupChange> both = new ArrayList<>(changesOf.getOrDefault(eventId, List.of()).stream()
                        .filter(c -> c.operation().equals(call.operation())).toList());
                both.add(call);
                findings.add("changed twice: event " + eventId + " changed the group " + both.size() + " times with "
                        + call.operation() + " (no other event's delivery accounts for one of them): " + both + "; deliveries: "
                        + describe(byEvent.get(eventId)));
            }
        }
        int reportedSuperseded = 0;
        for (Map.Entry<String, List<GroupChange>> entry : changesOf.entrySet()) {
            for (GroupChange change : entry.getValue()) {
                String action = change.operation().equals("SetDesiredCapacity") ? "SetDesiredCapacity" : "UpdateGroupLimits";
                boolean appliedOutcome = byEvent.get(entry.getKey()).stream()
                        .flatMap(d -> java.util.stream.Stream.concat(d.steps().stream(), d.logged().stream()))
                        .anyMatch(s -> s.action().equals(action) && "applied".equals(s.status()));
                if (!appliedOutcome) {
                    reportedSuperseded++;
                    notes.add("event " + entry.getKey() + " changed the group once (" + change
                            + ") and never learnt it (the answer was lost); it ended "
                            + finalOf(byEvent.get(entry.getKey())).status() + ", as ops-kit's README says such an attempt ends");
                }
            }
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("mutatingCallsRecorded", calls.size());
        group.put("reachedMoto", reached.size());
        group.put("changedTheGroup", changing);
        group.put("unattributed", unattributed);
        group.put("changedOnceButNotToldApplied", reportedSuperseded);
        group.put("desiredCapacityRange", desiredLow + ".." + desiredHigh);
        group.put("highestMaxSize", maxHigh);
        figures.put("group", group);
    }

    private void checkSamples(List<GroupSample> samples, List<String> findings) {
        int reported = 0;
        for (GroupSample sample : samples) {
            if ((sample.desiredCapacity() < sample.minSize() || sample.desiredCapacity() > sample.maxSize()
                    || sample.maxSize() > maxSizeCeiling) && reported++ < 10) {
                findings.add("out of bounds: read at " + sample.time() + ": min " + sample.minSize() + ", desired "
                        + sample.desiredCapacity() + ", max " + sample.maxSize() + " (ceiling " + maxSizeCeiling + ")");
            }
        }
    }

    /** How an event ended over all its deliveries. */
    record Final(String status, String reason) {
    }

    static Final finalOf(List<Delivery> deliveries) {
        List<Delivery> answered = deliveries.stream().filter(Delivery::answered).sorted(Comparator.comparing(Delivery::end)).toList();
        Optional<Delivery> applied = answered.stream().filter(d -> "applied".equals(d.status())).findFirst();
        if (applied.isPresent()) {
            return new Final("applied", applied.get().reason());
        }
        Optional<Delivery> last = answered.stream().filter(d -> !"duplicate".equals(d.status())).reduce((a, b) -> b);
        if (last.isPresent()) {
            Delivery d = last.get();
            String reason = d.reason();
            if (reason == null || reason.isBlank()) {
                reason = d.steps().stream().map(Delivery.Step::detail).filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
            }
            return new Final(d.status(), reason);
        }
        String lastError = deliveries.stream().filter(Delivery::failed).map(Delivery::reason).reduce((a, b) -> b).orElse(null);
        return new Final(deliveries.isEmpty() ? "failed (never delivered)" : "failed (no delivery succeeded)", lastError);
    }

    /** Kuhn's augmenting path: gives call {@code i} a slot (event|operation), moving earlier calls to their other candidates. */
    private static boolean match(int i, List<GroupChange> calls, List<List<String>> candidates, Map<String, Integer> matched,
                                 java.util.Set<String> visited) {
        for (String eventId : candidates.get(i)) {
            String slot = eventId + "|" + calls.get(i).operation();
            if (!visited.add(slot)) {
                continue;
            }
            Integer holder = matched.get(slot);
            if (holder == null || match(holder, calls, candidates, matched, visited)) {
                matched.put(slot, i);
                return true;
            }
        }
        return false;
    }

    private static boolean sets(Delivery.Step step, String action, Integer value) {
        return step.action().equals(action) && value != null && value.equals(number(step.after()));
    }

    static Integer number(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = LAST_NUMBER.matcher(text);
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    private static String describe(List<Delivery> deliveries) {
        List<String> parts = new ArrayList<>();
        for (Delivery d : deliveries) {
            parts.add("[attempt " + d.attempt() + (d.copy() ? " copy" : "") + ", container " + d.container() + ", request "
                    + d.requestId() + ", " + d.start() + ".." + d.end() + ": " + (d.answered() ? d.status() : d.answer())
                    + (d.steps().isEmpty() ? "" : " " + d.steps().stream().map(s -> s.action() + " " + s.before() + "->" + s.after()
                    + " " + s.status()).toList()) + (d.reason() == null ? "" : " (" + abbreviate(d.reason()) + ")") + "]");
        }
        return String.join(" ", parts);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static Map<String, Integer> countBy(List<String> keys) {
        Map<String, Integer> counts = new TreeMap<>();
        keys.forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }
}
