package link.buddyverse.ops.sam;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one evaluator of CloudFormation intrinsic functions in the CLI: the tree walk, {@code Ref} to parameters and
 * pseudo parameters, {@code Fn::Sub}, {@code Fn::Join}/{@code Select}/{@code Split}/{@code If}/{@code FindInMap}/
 * {@code Base64}/{@code GetAZs}, conditions. What a {@code Ref} or {@code Fn::GetAtt} of a resource gives, and what
 * becomes of what cannot be evaluated, is the {@link ResourceResolver}'s: {@link LocalResources} stands in for a
 * stack that does not exist ({@code ./ops local invoke}, as {@code sam local} does), the sandbox's
 * {@code StackValues} answers with what it really created.
 */
public final class Intrinsics {

    /** {@code AWS::NoValue}: the enclosing property or list item disappears. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** How the resources of the template resolve. */
    public interface ResourceResolver {

        /** What {@code Ref logicalId} gives, for a name that is neither a parameter nor a pseudo parameter. */
        Object ref(String logicalId, Intrinsics intrinsics);

        /** What {@code Fn::GetAtt [logicalId, attribute]} (or {@code ${logicalId.attribute}} in a Sub) gives. */
        Object attribute(String logicalId, String attribute, Intrinsics intrinsics);

        /** What something that cannot be evaluated here becomes: a placeholder (and a warning), or an exception. */
        Object unknowable(String what, String placeholder);

        /** What {@code Fn::ImportValue exportName} gives: another stack's export. */
        default Object importValue(String exportName, Intrinsics intrinsics) {
            return unknowable("Fn::ImportValue " + exportName, "<Fn::ImportValue " + exportName + ">");
        }
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> template;
    private final Map<String, String> parameterValues;
    private final StackContext stack;
    private final ResourceResolver resources;

    /**
     * @param parameterValues each declared parameter's effective value (given, else default); a parameter missing
     *                        here has neither and fails only if something refers to it
     */
    public Intrinsics(Map<String, Object> template, Map<String, String> parameterValues, StackContext stack,
                      ResourceResolver resources) {
        this.template = template;
        this.parameterValues = parameterValues;
        this.stack = stack;
        this.resources = resources;
    }

    public StackContext stack() {
        return stack;
    }

    public Map<String, Object> template() {
        return template;
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

    /** A scalar as CloudFormation passes it to a string property: numbers and booleans as their text. */
    public String text(Object value, String where) {
        Object evaluated = evaluate(value);
        if (evaluated instanceof String || evaluated instanceof Number || evaluated instanceof Boolean) {
            return String.valueOf(evaluated);
        }
        throw new TemplateException(where + " must be a string, but it resolves to " + evaluated);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(String.valueOf(evaluate(argument)));
            case "Fn::Sub" -> sub(argument);
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            case "Fn::Split" -> split(argument);
            case "Fn::If" -> ifThen(argument);
            case "Fn::FindInMap" -> findInMap(argument);
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    text(argument, "Fn::Base64").getBytes(StandardCharsets.UTF_8));
            case "Fn::ImportValue" -> resources.importValue(text(argument, "the export name of Fn::ImportValue"), this);
            case "Fn::GetAZs" -> List.of(stack.region() + "a", stack.region() + "b", stack.region() + "c", stack.region() + "d");
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not" -> condition(Map.of(name, argument));
            default -> resources.unknowable(name + " " + argument, "<" + name + " " + argument + ">");
        };
    }

    public Object ref(String name) {
        if (template.get("Parameters") instanceof Map<?, ?> parameters && parameters.containsKey(name)) {
            String value = parameterValues.get(name);
            if (value == null) {
                throw new TemplateException("Parameter " + name + " has no Default in the template; pass it with"
                        + " --parameter-overrides " + name + "=<value>");
            }
            Object type = parameters.get(name) instanceof Map<?, ?> declaration ? declaration.get("Type") : null;
            String declared = String.valueOf(type);
            if (declared.startsWith("List<") || declared.equals("CommaDelimitedList")) {
                return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
            }
            return value;
        }
        switch (name) {
            case "AWS::Region":
                return stack.region();
            case "AWS::AccountId":
                return stack.accountId();
            case "AWS::StackName":
                return stack.stackName();
            case "AWS::Partition":
                return stack.partition();
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackId":
                return "arn:" + stack.partition() + ":cloudformation:" + stack.region() + ":" + stack.accountId()
                        + ":stack/" + stack.stackName() + "/00000000-0000-0000-0000-000000000000";
            case "AWS::NotificationARNs":
                return List.of();
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                return resources.ref(name, this);
        }
    }

    private Object getAtt(Object argument) {
        Object evaluated = evaluate(argument);
        List<?> parts = evaluated instanceof List<?> list ? list
                : List.of(String.valueOf(evaluated).split("\\.", 2));
        if (parts.size() != 2) {
            throw new TemplateException("Fn::GetAtt takes [LogicalId, Attribute], got " + argument);
        }
        return resources.attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), this);
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
                replacement = text(variables.get(variable), "Fn::Sub variable " + variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = String.valueOf(resources.attribute(variable.substring(0, dot), variable.substring(dot + 1), this));
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

    private String join(Object argument) {
        List<?> arguments = list(argument, 2, "Fn::Join");
        Object items = evaluate(arguments.get(1));
        if (!(items instanceof List<?> list)) {
            throw new TemplateException("Fn::Join takes [delimiter, [values...]], got " + argument);
        }
        List<String> texts = new ArrayList<>();
        for (Object item : list) {
            texts.add(text(item, "an item of Fn::Join"));
        }
        return String.join(String.valueOf(evaluate(arguments.get(0))), texts);
    }

    private Object select(Object argument) {
        List<?> arguments = list(argument, 2, "Fn::Select");
        int index = Integer.parseInt(text(arguments.get(0), "the index of Fn::Select"));
        Object items = evaluate(arguments.get(1));
        if (!(items instanceof List<?> list) || index < 0 || index >= list.size()) {
            throw new TemplateException("Fn::Select index " + index + " is outside " + items);
        }
        return list.get(index);
    }

    private List<String> split(Object argument) {
        List<?> arguments = list(argument, 2, "Fn::Split");
        String delimiter = text(arguments.get(0), "the delimiter of Fn::Split");
        return List.of(text(arguments.get(1), "the source of Fn::Split").split(Pattern.quote(delimiter), -1));
    }

    private Object ifThen(Object argument) {
        List<?> arguments = list(argument, 3, "Fn::If");
        return namedCondition(String.valueOf(arguments.get(0))) ? evaluate(arguments.get(1)) : evaluate(arguments.get(2));
    }

    private Object findInMap(Object argument) {
        List<?> arguments = list(argument, 3, "Fn::FindInMap");
        String map = text(arguments.get(0), "the map of Fn::FindInMap");
        String top = text(arguments.get(1), "the top-level key of Fn::FindInMap");
        String second = text(arguments.get(2), "the second-level key of Fn::FindInMap");
        if (template.get("Mappings") instanceof Map<?, ?> mappings && mappings.get(map) instanceof Map<?, ?> m
                && m.get(top) instanceof Map<?, ?> level && level.containsKey(second)) {
            return evaluate(level.get(second));
        }
        throw new TemplateException("Fn::FindInMap [" + map + ", " + top + ", " + second + "]: no such entry in Mappings");
    }

    /** Whether the condition declared under Conditions as {@code name} holds. */
    public boolean namedCondition(String name) {
        if (template.get("Conditions") instanceof Map<?, ?> conditions && conditions.containsKey(name)) {
            return condition(conditions.get(name));
        }
        throw new TemplateException("Condition " + name + " is not declared under Conditions");
    }

    private boolean condition(Object expression) {
        if (expression instanceof Boolean b) {
            return b;
        }
        if (expression instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            switch (key) {
                case "Condition":
                    return namedCondition(String.valueOf(only.getValue()));
                case "Fn::Equals": {
                    List<?> operands = list(only.getValue(), 2, "Fn::Equals");
                    return Objects.equals(comparable(operands.get(0)), comparable(operands.get(1)));
                }
                case "Fn::Not":
                    return !condition(list(only.getValue(), 1, "Fn::Not").get(0));
                case "Fn::And":
                    return list(only.getValue(), -1, "Fn::And").stream().allMatch(this::condition);
                case "Fn::Or":
                    return list(only.getValue(), -1, "Fn::Or").stream().anyMatch(this::condition);
                default:
                    break;
            }
        }
        throw new TemplateException("Not a condition: " + expression);
    }

    private Object comparable(Object operand) {
        Object value = evaluate(operand);
        return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value;
    }

    private static List<?> list(Object argument, int size, String function) {
        if (argument instanceof List<?> list && (size < 0 || list.size() == size)) {
            return list;
        }
        throw new TemplateException(function + " takes a list" + (size < 0 ? "" : " of " + size) + ", got " + argument);
    }

    /** The resource declared as {@code logicalId}, or null. */
    public Map<?, ?> resource(String logicalId) {
        return template.get("Resources") instanceof Map<?, ?> resources && resources.get(logicalId) instanceof Map<?, ?> r
                ? r : null;
    }
}
