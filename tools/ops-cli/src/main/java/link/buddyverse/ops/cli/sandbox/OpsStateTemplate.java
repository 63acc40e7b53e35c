package link.buddyverse.ops.cli.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * The part of the ops stack (template.yaml) that the sandbox creates: its own state (table, queues, bus,
 * alarms, log groups), exactly as template.yaml declares it, without the functions. The functions do not run
 * in moto (moto runs Lambda code in Docker); {@code ./ops local invoke} runs them on this machine against the
 * sandbox instead. Left out, with the reason: every {@code AWS::Serverless::*} resource, and every resource
 * that refers to something left out or to something only SAM's transform generates (an EventBridge rule of a
 * function's Events, say).
 *
 * @param template the CloudFormation template to deploy (no Transform, Globals or Outputs)
 * @param leftOut  logical id to why it is not in the sandbox
 */
public record OpsStateTemplate(Map<String, Object> template, Map<String, String> leftOut) {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    public static OpsStateTemplate from(Map<String, Object> samTemplate) {
        Map<String, Object> resources = TemplateJson.map(samTemplate, "Resources");
        Set<String> parameters = TemplateJson.map(samTemplate, "Parameters").keySet();
        Map<String, String> leftOut = new LinkedHashMap<>();
        Set<String> kept = new LinkedHashSet<>();
        resources.forEach((id, resource) -> {
            String type = String.valueOf(((Map<?, ?>) resource).get("Type"));
            if (type.startsWith("AWS::Serverless::")) {
                leftOut.put(id, type + ": runs on this machine through ./ops local invoke, not in moto");
            } else {
                kept.add(id);
            }
        });
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String id : List.copyOf(kept)) {
                for (String reference : references(resources.get(id))) {
                    if (reference.startsWith("AWS::") || parameters.contains(reference) || kept.contains(reference)) {
                        continue;
                    }
                    kept.remove(id);
                    leftOut.put(id, "refers to " + reference + (resources.containsKey(reference) ? ", which is left out"
                            : ", which SAM's transform generates"));
                    changed = true;
                    break;
                }
            }
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put("Description", "buddyverse-ops sandbox: the ops stack's own state, from template.yaml");
        template.put("Parameters", TemplateJson.copy(TemplateJson.map(samTemplate, "Parameters")));
        if (samTemplate.containsKey("Conditions")) {
            template.put("Conditions", TemplateJson.copy(samTemplate.get("Conditions")));
        }
        if (samTemplate.containsKey("Mappings")) {
            template.put("Mappings", TemplateJson.copy(samTemplate.get("Mappings")));
        }
        Map<String, Object> keptResources = new LinkedHashMap<>();
        kept.forEach(id -> keptResources.put(id, TemplateJson.copy(resources.get(id))));
        template.put("Resources", keptResources);
        return new OpsStateTemplate(template, leftOut);
    }

    /** Every logical id or parameter a resource refers to: Ref, GetAtt, ${...} in Sub, DependsOn. */
    static Set<String> references(Object resource) {
        Set<String> found = new LinkedHashSet<>();
        if (resource instanceof Map<?, ?> map) {
            // Not the resource's own Condition: that names a condition, not a resource.
            collect(map.get("Properties"), found);
            collect(map.get("Metadata"), found);
            for (Object dependency : TemplateJson.list(map.get("DependsOn"))) {
                found.add(String.valueOf(dependency));
            }
        }
        return found;
    }

    private static void collect(Object node, Set<String> found) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref")) {
                found.add(String.valueOf(map.get("Ref")));
                return;
            }
            if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
                found.add(String.valueOf(getAtt.get(0)));
                return;
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object argument = map.get("Fn::Sub");
                String text = argument instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(argument);
                Set<String> local = argument instanceof List<?> list && list.size() > 1 && list.get(1) instanceof Map<?, ?> vars
                        ? vars.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()) : Set.of();
                Matcher matcher = SUB_VARIABLE.matcher(text);
                while (matcher.find()) {
                    String variable = matcher.group(1).trim();
                    String name = variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable;
                    if (!local.contains(variable)) {
                        found.add(name);
                    }
                }
                if (argument instanceof List<?> list && list.size() > 1) {
                    collect(list.get(1), found);
                }
                return;
            }
            map.values().forEach(value -> collect(value, found));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, found));
        }
    }

    /** Logical ids of the resources kept, in template order. */
    public List<String> kept() {
        return new ArrayList<>(TemplateJson.map(template, "Resources").keySet());
    }
}
