package link.buddyverse.ops.cli.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The soak's figures and findings, for a person (text) or a program ({@code --json}). */
final class SoakReport {

    private SoakReport() {
    }

    static Map<String, Object> json(Soak.Run run) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("events", run.options().events());
        options.put("containers", run.options().containers());
        options.put("senders", run.options().senders());
        options.put("seed", run.options().seed());
        options.put("retryDelaySeconds", run.options().retryDelay().toMillis() / 1000.0);
        options.put("faults", run.options().faults());
        options.put("faultSeconds", run.options().faultWindow().toSeconds());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("options", options);
        json.put("passed", run.verdict().passed());
        json.putAll(run.verdict().figures());
        json.put("faultHits", run.faultHits());
        json.put("containersStarted", run.containersStarted());
        json.put("groupBefore", group(run.initial()));
        json.put("groupAfter", group(run.last()));
        json.put("groupReads", run.samples().size());
        json.put("seconds", run.millis() / 1000.0);
        json.put("findings", run.verdict().findings());
        json.put("notes", run.verdict().notes());
        return json;
    }

    static String jsonText(Soak.Run run) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(run));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void print(Soak.Run run, PrintWriter out) {
        Map<String, Object> f = run.verdict().figures();
        Soak.Options o = run.options();
        out.println();
        out.println(String.format(Locale.ROOT, "Soak of %s: %d events (seed %d), %d warm containers, %d senders, cooldown 0,"
                        + " retries after %s s and %s s, faults %s; %.0f s.", Soak.FUNCTION, o.events(), o.seed(), o.containers(),
                o.senders(), seconds(o.retryDelay().toMillis()), seconds(o.retryDelay().toMillis() * 2),
                o.faults() ? "on from event " + (int) (o.events() * Soak.FAULTS_FROM) + " for " + o.faultWindow().toSeconds()
                        + " s at most (to event " + (int) (o.events() * Soak.FAULTS_TO) + ")" : "off",
                run.millis() / 1000.0));
        out.println("  events by kind:        " + f.get("eventsByKind") + "; delivered twice at once: " + f.get("eventsDeliveredTwiceAtOnce"));
        out.println("  deliveries:            " + f.get("deliveries") + " (" + f.get("retries") + " retries); containers started: "
                + run.containersStarted());
        out.println("  delivery answers:      " + f.get("deliveryAnswers"));
        out.println("  final status (events): " + f.get("finalStatus"));
        out.println("  the group:             " + f.get("group") + "; before " + group(run.initial()) + ", after " + group(run.last())
                + ", " + run.samples().size() + " reads");
        if (!run.faultHits().isEmpty()) {
            out.println("  faults (calls hit):    " + run.faultHits());
        }
        for (String note : run.verdict().notes()) {
            out.println("  note: " + note);
        }
        if (run.verdict().passed()) {
            out.println("No finding: no event id changed the group twice, every mutating call belongs to one event's action,"
                    + " every event was applied once or ended with its reason, the group stayed within its bounds.");
        } else {
            out.println(run.verdict().findings().size() + " finding(s):");
            run.verdict().findings().forEach(finding -> out.println("  - " + finding));
        }
        out.flush();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static String group(GroupSample sample) {
        return "min " + sample.minSize() + " / desired " + sample.desiredCapacity() + " / max " + sample.maxSize();
    }
}
