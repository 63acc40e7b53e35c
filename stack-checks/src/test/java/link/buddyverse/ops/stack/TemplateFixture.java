package link.buddyverse.ops.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.sam.CloudFormationYaml;

/**
 * The repository's template.yaml as plain maps and lists, read by sam-template's {@link CloudFormationYaml} (the
 * reader the CLI and the bench use: short forms in their long form), for tests that check it against the code and
 * the sample events. {@link #resolve} evaluates Ref, Sub and Join the way CloudFormation would with every parameter
 * at its default, in the stack's own account and region, but leaves what only a deployment knows symbolic
 * ({@code {Ref X}}, {@code {GetAtt X.Arn}}): a policy is checked against the resources it names.
 */
final class TemplateFixture {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "ap-northeast-2";
    static final String STACK = "buddyverse-ops";

    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of(
            "AWS::Partition", "aws",
            "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT,
            "AWS::StackName", STACK,
            "AWS::URLSuffix", "amazonaws.com");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Path root;
    private final Map<String, Object> template;

    private TemplateFixture(Path root, Map<String, Object> template) {
        this.root = root;
        this.template = template;
    }

    static TemplateFixture load() {
        Path root = repositoryRoot();
        return new TemplateFixture(root, CloudFormationYaml.load(root.resolve("template.yaml")));
    }

    Path root() {
        return root;
    }

    /** Tests run in a module directory; the repository root is the nearest ancestor holding template.yaml. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no repository root (a directory with template.yaml and mvnw) above " + start);
    }

    /** Logical id -> resource, in template order. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    /** The whole template as read. */
    Map<String, Object> template() {
        return template;
    }

    Map<String, Map<String, Object>> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    Map<String, Object> properties(String logicalId) {
        Object resource = map(template.get("Resources")).get(logicalId);
        if (resource == null) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return map(map(resource).get("Properties"));
    }

    /** A function property, falling back to Globals.Function as SAM does for scalar properties. */
    Object functionProperty(String logicalId, String name) {
        Object own = properties(logicalId).get(name);
        return own != null ? own : map(map(template.get("Globals")).get("Function")).get(name);
    }

    /** The function's environment: Globals.Function's variables overlaid by its own, resolved. */
    Map<String, String> environment(String logicalId) {
        Map<String, String> variables = new LinkedHashMap<>();
        Object global = map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables");
        Object own = map(properties(logicalId).get("Environment")).get("Variables");
        map(global).forEach((name, value) -> variables.put(name, resolveString(value)));
        map(own).forEach((name, value) -> variables.put(name, resolveString(value)));
        return variables;
    }

    /** The directory of the function's sample events: events/ followed by the last segment of its CodeUri. */
    Path samplesOf(String logicalId) {
        String codeUri = String.valueOf(properties(logicalId).get("CodeUri")).replaceAll("/+$", "");
        return root.resolve("events").resolve(Path.of(codeUri).getFileName().toString());
    }

    /**
     * Evaluates Ref, Fn::Sub and Fn::Join with parameter defaults and the pseudo parameters above. A Ref to an
     * alarm is its AlarmName; a Ref to any other resource, and any Fn::GetAtt, stays symbolic
     * ({@code {Ref X}}, {@code {GetAtt X.Arn}}) since only a deployment knows it.
     */
    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            return value;
        }
        Map<String, Object> node = map(raw);
        if (node.size() == 1 && node.containsKey("Ref")) {
            return reference(String.valueOf(node.get("Ref")));
        }
        if (node.size() == 1 && node.containsKey("Fn::GetAtt")) {
            List<Object> parts = list(node.get("Fn::GetAtt"));
            return "{GetAtt " + parts.get(0) + "." + parts.get(1) + "}";
        }
        if (node.size() == 1 && node.containsKey("Fn::Sub")) {
            return substitute(node.get("Fn::Sub"));
        }
        if (node.size() == 1 && node.containsKey("Fn::ImportValue")) {
            return imported(resolveString(node.get("Fn::ImportValue")));
        }
        if (node.size() == 1 && node.containsKey("Fn::Join")) {
            List<Object> arguments = list(node.get("Fn::Join"));
            List<String> parts = new ArrayList<>();
            list(resolve(arguments.get(1))).forEach(part -> parts.add(String.valueOf(part)));
            return String.join(String.valueOf(arguments.get(0)), parts);
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        node.forEach((key, item) -> resolved.put(key, resolve(item)));
        return resolved;
    }

    String resolveString(Object value) {
        return String.valueOf(resolve(value));
    }

    private Object reference(String name) {
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        Map<String, Object> parameters = map(template.get("Parameters"));
        if (parameters.containsKey(name)) {
            Object fallback = map(parameters.get(name)).get("Default");
            if (fallback == null) {
                throw new AssertionError("parameter " + name + " has no Default, so tests cannot resolve it");
            }
            return String.valueOf(fallback);
        }
        Object resource = map(template.get("Resources")).get(name);
        if (resource != null && "AWS::CloudWatch::Alarm".equals(map(resource).get("Type"))) {
            return resolveString(properties(name).get("AlarmName"));
        }
        return "{Ref " + name + "}";
    }

    /**
     * An export of the core stack (core/template.yaml, deployed as the CoreStackName default): a literal output as it
     * is, a Ref or a ...Name attribute of a resource as the name the core template gives it; anything else (an id only
     * AWS assigns) stays symbolic, {@code {ImportValue X}}.
     */
    private Object imported(String exportName) {
        String prefix = reference("CoreStackName") + "-";
        if (!exportName.startsWith(prefix)) {
            return "{ImportValue " + exportName + "}";
        }
        String output = exportName.substring(prefix.length());
        Map<String, Object> core = CloudFormationYaml.load(root.resolve("core/template.yaml"));
        Object value = map(map(core.get("Outputs")).get(output)).get("Value");
        String resource = null;
        if (value instanceof String literal) {
            return literal;
        }
        Map<String, Object> node = map(value);
        if (node.get("Ref") instanceof String ref) {
            resource = ref;
        } else if (node.get("Fn::GetAtt") instanceof List<?> getAtt && String.valueOf(getAtt.get(1)).endsWith("Name")) {
            resource = String.valueOf(getAtt.get(0));
        }
        if (resource != null) {
            Map<String, Object> properties = map(map(map(core.get("Resources")).get(resource)).get("Properties"));
            for (String name : List.of("AutoScalingGroupName", "DBInstanceIdentifier", "DashboardName", "AlarmName", "Name")) {
                if (properties.get(name) instanceof String named) {
                    return named;
                }
            }
        }
        return "{ImportValue " + exportName + "}";
    }

    private String substitute(Object sub) {
        String text;
        Map<String, Object> variables = Map.of();
        if (sub instanceof List<?> form) {
            text = String.valueOf(form.get(0));
            variables = map(form.get(1));
        } else {
            text = String.valueOf(sub);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (variables.containsKey(name)) {
                value = resolveString(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = "{GetAtt " + name + "}";
            } else {
                value = String.valueOf(reference(name));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping in template.yaml, found " + value);
        }
        return (Map<String, Object>) value;
    }

    /** A YAML scalar or list as a list: IAM and SAM accept both for Action, Resource and the like. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }
}
