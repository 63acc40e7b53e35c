package link.buddyverse.ops.cli.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates intrinsic functions against one deployment of a template in the sandbox: parameters have the values
 * the stack was given, and {@code Ref}/{@code Fn::GetAtt} of a resource give what the sandbox really created
 * ({@link #resolved}), not a guess. Used where the sandbox itself must create what moto's CloudFormation
 * cannot (see {@code MotoGap}); unlike the CLI's {@code sam.Intrinsics}, which stands in for a stack that does
 * not exist, a reference to a resource not created yet is an error here.
 */
public final class StackValues {

    /** {@code AWS::NoValue}: the enclosing property or list item disappears. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** A reference to something this deployment does not know (yet). */
    public static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message);
        }
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> template;
    private final Map<String, String> parameters;
    private final String stackName;
    private final String region;
    private final String accountId;
    /** Logical id to what a Ref of it gives. */
    private final Map<String, Object> resolved = new LinkedHashMap<>();
    /** "LogicalId.Attribute" to what a GetAtt of it gives. */
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    /**
     * @param parameters the values given for the stack's parameters; declared defaults fill the rest
     */
    public StackValues(Map<String, Object> template, Map<String, String> parameters, String stackName, String region,
                       String accountId) {
        this.template = template;
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        this.parameters = new LinkedHashMap<>();
        TemplateJson.map(template, "Parameters").forEach((name, declaration) -> {
            Object fallback = declaration instanceof Map<?, ?> d ? d.get("Default") : null;
            String value = parameters.containsKey(name) ? parameters.get(name)
                    : fallback instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : fallback == null ? null : String.valueOf(fallback);
            if (value != null) {
                this.parameters.put(name, value);
            }
        });
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    /** What {@code Ref logicalId} gives from now on. */
    public void resolve(String logicalId, Object refValue) {
        resolved.put(logicalId, refValue);
    }

    /** What {@code Fn::GetAtt [logicalId, attribute]} gives from now on. */
    public void resolveAttribute(String logicalId, String attribute, Object value) {
        attributes.put(logicalId + "." + attribute, value);
    }

    /** Whether the resource's Condition (if any) holds, i.e. whether CloudFormation creates it at all. */
    public boolean isCreated(String logicalId) {
        Object condition = TemplateJson.map(TemplateJson.map(template, "Resources"), logicalId).get("Condition");
        return condition == null || condition(String.valueOf(condition));
    }

    public Object evaluate(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> evaluated = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object result = evaluate(v);
                if (result != NO_VALUE) {
                    evaluated.put(String.valueOf(k), result);
                }
            });
            return evaluated;
        }
        if (value instanceof List<?> list) {
            List<Object> evaluated = new ArrayList<>();
            for (Object item : list) {
                Object result = evaluate(item);
                if (result != NO_VALUE) {
                    evaluated.add(result);
                }
            }
            return evaluated;
        }
        return value;
    }

    /** A scalar property as text (numbers and booleans as CloudFormation passes them to string properties). */
    public String text(Object value) {
        Object evaluated = evaluate(value);
        if (evaluated instanceof String || evaluated instanceof Number || evaluated instanceof Boolean) {
            return String.valueOf(evaluated);
        }
        throw new Unresolved("expected a string, got " + evaluated);
    }

    public boolean condition(String name) {
        Object expression = TemplateJson.map(template, "Conditions").get(name);
        if (expression == null) {
            throw new Unresolved("Condition " + name + " is not declared");
        }
        return truth(expression);
    }

    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref(String.valueOf(evaluate(argument)));
            case "Fn::GetAtt": {
                Object evaluated = evaluate(argument);
                List<?> parts = evaluated instanceof List<?> list ? list : List.of(String.valueOf(evaluated).split("\\.", 2));
                return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Join": {
                List<?> arguments = (List<?>) argument;
                List<String> texts = new ArrayList<>();
                for (Object item : TemplateJson.list(evaluate(arguments.get(1)))) {
                    texts.add(String.valueOf(item));
                }
                return String.join(String.valueOf(evaluate(arguments.get(0))), texts);
            }
            case "Fn::Select": {
                List<?> arguments = (List<?>) argument;
                int index = Integer.parseInt(text(arguments.get(0)));
                return TemplateJson.list(evaluate(arguments.get(1))).get(index);
            }
            case "Fn::Split": {
                List<?> arguments = (List<?>) argument;
                return List.of(text(arguments.get(1)).split(Pattern.quote(text(arguments.get(0))), -1));
            }
            case "Fn::If": {
                List<?> arguments = (List<?>) argument;
                return condition(String.valueOf(arguments.get(0))) ? evaluate(arguments.get(1)) : evaluate(arguments.get(2));
            }
            case "Fn::GetAZs":
                return List.of(region + "a", region + "b", region + "c", region + "d");
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
                return truth(Map.of(name, argument));
            default:
                throw new Unresolved(name + " is not evaluated by the sandbox");
        }
    }

    private Object ref(String name) {
        if (TemplateJson.map(template, "Parameters").containsKey(name)) {
            String value = parameters.get(name);
            if (value == null) {
                throw new Unresolved("parameter " + name + " has no value");
            }
            Object type = TemplateJson.map(TemplateJson.map(template, "Parameters"), name).get("Type");
            String declared = String.valueOf(type);
            if (declared.startsWith("List<") || declared.equals("CommaDelimitedList")) {
                return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
            }
            return value;
        }
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return accountId;
            case "AWS::StackName":
                return stackName;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::NotificationARNs":
                return List.of();
            default:
                break;
        }
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        throw new Unresolved("Ref " + name + ": the resource is not created (yet)");
    }

    private Object attribute(String logicalId, String attribute) {
        Object value = attributes.get(logicalId + "." + attribute);
        if (value != null) {
            return value;
        }
        throw new Unresolved("Fn::GetAtt " + logicalId + "." + attribute + " is not known to the sandbox");
    }

    private String sub(Object argument) {
        String pattern;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> list && list.size() == 2 && list.get(1) instanceof Map<?, ?> map) {
            pattern = String.valueOf(list.get(0));
            variables = map;
        } else {
            pattern = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(pattern);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).trim();
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = text(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = String.valueOf(attribute(variable.substring(0, dot), variable.substring(dot + 1)));
            } else {
                Object value = ref(variable);
                replacement = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private boolean truth(Object expression) {
        if (expression instanceof Boolean b) {
            return b;
        }
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            List<?> arguments = only.getValue() instanceof List<?> list ? list : List.of(only.getValue());
            switch (key) {
                case "Fn::Equals":
                    return String.valueOf(evaluate(arguments.get(0))).equals(String.valueOf(evaluate(arguments.get(1))));
                case "Fn::Not":
                    return !truth(arguments.get(0));
                case "Fn::And":
                    return arguments.stream().allMatch(this::truth);
                case "Fn::Or":
                    return arguments.stream().anyMatch(this::truth);
                case "Condition":
                    return condition(String.valueOf(only.getValue()));
                default:
                    break;
            }
        }
        throw new Unresolved("not a condition: " + expression);
    }
}
