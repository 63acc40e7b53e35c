package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * One stack on its way into moto: the template about to be submitted (a copy the gaps may rewrite), the values
 * of its parameters and resources, the clients, and the record of what each gap did.
 */
public final class Deployment {

    private final String stackName;
    private final Map<String, Object> original;
    private final Map<String, Object> submitted;
    private final StackValues values;
    private final SandboxClients clients;
    private final List<String> fills = new ArrayList<>();
    /** Resources the sandbox created itself (not CloudFormation): logical id to physical id. */
    private final Map<String, String> filledResources = new LinkedHashMap<>();
    private final Map<Class<?>, String> notes = new LinkedHashMap<>();
    /** What CloudFormation (moto) created: logical id to physical id. */
    private final Map<String, String> stackResources = new LinkedHashMap<>();

    public Deployment(String stackName, Map<String, Object> template, StackValues values, SandboxClients clients) {
        this.stackName = stackName;
        this.original = template;
        this.submitted = TemplateJson.copy(template);
        this.values = values;
        this.clients = clients;
    }

    public String stackName() {
        return stackName;
    }

    /** The template as it will be (or was) submitted. */
    public Map<String, Object> submitted() {
        return submitted;
    }

    public StackValues values() {
        return values;
    }

    public SandboxClients clients() {
        return clients;
    }

    /** What the gaps did, one line each. */
    public List<String> fills() {
        return List.copyOf(fills);
    }

    public Map<String, String> filledResources() {
        return Map.copyOf(filledResources);
    }

    /** Something a gap keeps from beforeStack for its afterStack. */
    public void setNote(Class<? extends MotoGap> gap, String value) {
        notes.put(gap, value);
    }

    public String note(Class<? extends MotoGap> gap) {
        return notes.get(gap);
    }

    public void fill(String line) {
        fills.add(line);
    }

    /**
     * Logical ids of the resources of {@code type} that CloudFormation would create (their Condition holds), in
     * template order, as the template file declares them (also those a gap has taken out of the submission).
     */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        TemplateJson.map(original, "Resources").forEach((id, resource) -> {
            if (resource instanceof Map<?, ?> r && type.equals(r.get("Type")) && values.isCreated(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The resource's Properties as the template file declares them (unevaluated). */
    public Map<String, Object> properties(String logicalId) {
        return TemplateJson.map(TemplateJson.map(TemplateJson.map(original, "Resources"), logicalId), "Properties");
    }

    /** The resource's Properties in the submission, for gaps that rewrite them. */
    public Map<String, Object> submittedProperties(String logicalId) {
        Map<String, Object> resource = TemplateJson.map(TemplateJson.map(submitted, "Resources"), logicalId);
        if (!resource.containsKey("Properties")) {
            resource.put("Properties", new LinkedHashMap<String, Object>());
        }
        return TemplateJson.map(resource, "Properties");
    }

    /**
     * Takes the resource out of the submission, the sandbox creating it itself: every {@code Ref} of it (also
     * {@code ${Id}} in Fn::Sub) becomes {@code refValue}, and it leaves the DependsOn lists of the others.
     */
    public void createdBySandbox(String logicalId, String refValue) {
        TemplateJson.map(submitted, "Resources").remove(logicalId);
        filledResources.put(logicalId, refValue);
        values.resolve(logicalId, refValue);
        Object rewritten = replaceRefs(submitted, logicalId, refValue);
        submitted.clear();
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) rewritten;
        submitted.putAll(typed);
        TemplateJson.map(submitted, "Resources").values().forEach(other -> {
            if (other instanceof Map<?, ?> o) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) o;
                Object dependsOn = r.get("DependsOn");
                if (dependsOn != null) {
                    List<Object> remaining = new ArrayList<>(TemplateJson.list(dependsOn));
                    remaining.remove(logicalId);
                    if (remaining.isEmpty()) {
                        r.remove("DependsOn");
                    } else {
                        r.put("DependsOn", remaining);
                    }
                }
            }
        });
    }

    /** Takes the resource out of the submission; a gap creates it after the stack (nothing may refer to it). */
    public void createdAfterStack(String logicalId) {
        TemplateJson.map(submitted, "Resources").remove(logicalId);
    }

    /** Records the physical id of a resource a gap created after the stack. */
    public void createdAfterStack(String logicalId, String refValue) {
        filledResources.put(logicalId, refValue);
        values.resolve(logicalId, refValue);
    }

    /** Records what the stack created; a Ref of each now gives its physical id. */
    public void stackCreated(Map<String, String> physicalIds) {
        stackResources.putAll(physicalIds);
        physicalIds.forEach(values::resolve);
    }

    /** The physical id of a resource the stack created. */
    public String physicalId(String logicalId) {
        String id = stackResources.get(logicalId);
        if (id == null) {
            throw new IllegalStateException(stackName + " has no resource " + logicalId + " in moto");
        }
        return id;
    }

    private static Object replaceRefs(Object node, String logicalId, String value) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && logicalId.equals(map.get("Ref"))) {
                return value;
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object argument = map.get("Fn::Sub");
                Map<String, Object> sub = new LinkedHashMap<>();
                if (argument instanceof String text) {
                    sub.put("Fn::Sub", substitute(text, logicalId, value));
                    return sub;
                }
                if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String text) {
                    List<Object> arguments = new ArrayList<>();
                    arguments.add(substitute(text, logicalId, value));
                    arguments.add(replaceRefs(list.get(1), logicalId, value));
                    sub.put("Fn::Sub", arguments);
                    return sub;
                }
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), replaceRefs(v, logicalId, value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(replaceRefs(item, logicalId, value)));
            return copy;
        }
        return node;
    }

    private static String substitute(String text, String logicalId, String value) {
        return text.replaceAll("\\$\\{\\s*" + Pattern.quote(logicalId) + "\\s*}", Matcher.quoteReplacement(value));
    }
}
