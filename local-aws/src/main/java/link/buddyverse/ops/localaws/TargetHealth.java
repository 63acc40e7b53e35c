package link.buddyverse.ops.localaws;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * ELBv2 DescribeTargetHealth: moto runs no health checks and reports every registered, running target
 * {@code healthy}. Its answer stands, except that targets marked here are reported {@code unhealthy} with the
 * reason the load balancer would give ({@code Target.FailedHealthChecks}...), or {@code draining} (moto reports a
 * deregistered target {@code unused} at once, never draining for the deregistration delay), until cleared.
 */
public final class TargetHealth implements PlayedOperation {

    /** How a marked target is reported. */
    public record Marked(String state, String reason, String description) {
        public Marked(String reason, String description) {
            this("unhealthy", reason, description);
        }
    }

    private final Map<String, Marked> unhealthy = new ConcurrentHashMap<>();
    private final AtomicLong rewrittenAnswers = new AtomicLong();

    /** Reports {@code targetId} unhealthy from now on. */
    public void markUnhealthy(String targetId, String reason, String description) {
        unhealthy.put(targetId, new Marked(reason, description));
    }

    /** Reports {@code targetId} unhealthy with the reason failing health checks give. */
    public void markUnhealthy(String targetId) {
        markUnhealthy(targetId, "Target.FailedHealthChecks", "Health checks failed");
    }

    /** Reports {@code targetId} draining, as the load balancer does for its deregistration delay, until cleared. */
    public void markDraining(String targetId) {
        unhealthy.put(targetId, new Marked("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"));
    }

    public void clear(String targetId) {
        unhealthy.remove(targetId);
    }

    public Map<String, Marked> marked() {
        return new TreeMap<>(unhealthy);
    }

    /** How many DescribeTargetHealth answers were changed so far. */
    public long rewrittenAnswers() {
        return rewrittenAnswers.get();
    }

    @Override
    public void reset() {
        unhealthy.clear();
        rewrittenAnswers.set(0);
    }

    @Override
    public List<String> operations() {
        return List.of("elasticloadbalancingv2:DescribeTargetHealth");
    }

    @Override
    public Answer answer(Request request, Moto moto) {
        if (unhealthy.isEmpty() || !request.service().equals("elasticloadbalancingv2")
                || !request.operation().equals("DescribeTargetHealth")) {
            return null;
        }
        Answer answer = moto.forward(request);
        if (answer.status() != 200) {
            return answer;
        }
        try {
            Document document = Xml.parse(answer.body());
            boolean changed = false;
            for (Element target : Xml.elements(document, "Target")) {
                String id = Xml.childText(target, "Id");
                Marked marked = id == null ? null : unhealthy.get(id);
                if (marked == null || !(target.getParentNode() instanceof Element description)) {
                    continue;
                }
                Element health = Xml.child(description, "TargetHealth");
                if (health == null) {
                    health = document.createElementNS(description.getNamespaceURI(), "TargetHealth");
                    description.appendChild(health);
                }
                Xml.replaceChildren(health);
                Xml.setChild(health, "State", marked.state());
                Xml.setChild(health, "Reason", marked.reason());
                Xml.setChild(health, "Description", marked.description());
                changed = true;
            }
            if (!changed) {
                return answer;
            }
            rewrittenAnswers.incrementAndGet();
            return answer.withBody(Xml.write(document));
        } catch (IllegalArgumentException notXml) {
            return answer;
        }
    }
}
