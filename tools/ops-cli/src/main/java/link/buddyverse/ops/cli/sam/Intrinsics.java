package link.buddyverse.ops.cli.sam;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.cli.SetupException;

/**
 * Evaluates CloudFormation intrinsic functions the way {@code sam local} does, with no stack behind them:
 * {@code Ref} to a parameter gives its override or default, to a pseudo parameter the local
 * {@link StackContext}, to a resource the resource's physical name property (TableName, QueueName...) if it
 * has one, else its logical id; {@code GetAtt ...Arn} builds the ARN that name would have. What cannot be
 * known locally ({@code ImportValue}, unknown attributes) becomes a visible placeholder and a warning, not
 * a failure, since a function rarely needs every variable to answer one event.
 */
final class Intrinsics {

    /** {@code AWS::NoValue}: the enclosing property or list item disappears. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final List<String> NAME_PROPERTIES = List.of(
            "TableName", "QueueName", "TopicName", "BucketName", "FunctionName", "StateMachineName", "RoleName",
            "LogGroupName", "AlarmName", "AutoScalingGroupName", "ClusterName", "DBInstanceIdentifier", "Name");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> template;
    private final Map<String, String> parameterValues;
    private final StackContext stack;
    private final List<String> warnings;
    private final Set<String> resolvingNames = new HashSet<>();

    /**
     * @param parameterValues each declared parameter's effective value (override, else default); a parameter
     *                        missing here has neither and fails only if something refers to it
     */
    Intrinsics(Map<String, Object> template, Map<String, String> parameterValues, StackContext stack, List<String> warnings) {
        this.template = template;
        this.parameterValues = parameterValues;
        this.stack = stack;
        this.warnings = warnings;
    }

    Object evaluate(Object value) {
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
    String text(Object value, String where) {
        Object evaluated = evaluate(value);
        if (evaluated instanceof String || evaluated instanceof Number || evaluated instanceof Boolean) {
            return String.valueOf(evaluated);
        }
        throw new SetupException(where + " must be a string, but it resolves to " + evaluated);
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
            case "Fn::GetAZs" -> List.of(stack.region() + "a", stack.region() + "b", stack.region() + "c");
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not" -> condition(Map.of(name, argument));
            default -> unknowable(name + " " + argument, "<" + name + " " + argument + ">");
        };
    }

    Object ref(String name) {
        if (template.get("Parameters") instanceof Map<?, ?> parameters && parameters.containsKey(name)) {
            String value = parameterValues.get(name);
            if (value == null) {
                throw new SetupException("Parameter " + name + " has no Default in the template; pass it with"
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
                break;
        }
        if (resource(name) != null) {
            return physicalName(name);
        }
        throw new SetupException("!Ref " + name + " names no parameter, pseudo parameter or resource of the template");
    }

    /** The resource's own name property, as {@code sam local} resolves a Ref to it; else its logical id. */
    String physicalName(String logicalId) {
        Map<?, ?> properties = resource(logicalId).get("Properties") instanceof Map<?, ?> p ? p : Map.of();
        for (String property : NAME_PROPERTIES) {
            if (properties.containsKey(property)) {
                if (!resolvingNames.add(logicalId)) {
                    throw new SetupException("The name of " + logicalId + " refers to itself");
                }
                try {
                    return text(properties.get(property), logicalId + "." + property);
                } finally {
                    resolvingNames.remove(logicalId);
                }
            }
        }
        return logicalId;
    }

    private Object getAtt(Object argument) {
        Object evaluated = evaluate(argument);
        List<?> parts = evaluated instanceof List<?> list ? list
                : List.of(String.valueOf(evaluated).split("\\.", 2));
        if (parts.size() != 2) {
            throw new SetupException("Fn::GetAtt takes [LogicalId, Attribute], got " + argument);
        }
        return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
    }

    private Object attribute(String logicalId, String attribute) {
        Map<?, ?> resource = resource(logicalId);
        if (resource == null) {
            throw new SetupException("Fn::GetAtt " + logicalId + "." + attribute + ": no resource " + logicalId);
        }
        String name = physicalName(logicalId);
        String type = String.valueOf(resource.get("Type"));
        if (attribute.equals("Arn") || attribute.endsWith(".Arn")) {
            return arn(type, name);
        }
        if (attribute.equals("QueueUrl")) {
            return "https://sqs." + stack.region() + ".amazonaws.com/" + stack.accountId() + "/" + name;
        }
        if (attribute.endsWith("Name")) {
            return name;
        }
        return unknowable("Fn::GetAtt " + logicalId + "." + attribute, logicalId + "." + attribute);
    }

    private String arn(String type, String name) {
        String prefix = "arn:" + stack.partition() + ":";
        String regional = stack.region() + ":" + stack.accountId() + ":";
        return switch (type) {
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> prefix + "dynamodb:" + regional + "table/" + name;
            case "AWS::Events::EventBus" -> prefix + "events:" + regional + "event-bus/" + name;
            case "AWS::Events::Rule" -> prefix + "events:" + regional + "rule/" + name;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> prefix + "lambda:" + regional + "function:" + name;
            case "AWS::Logs::LogGroup" -> prefix + "logs:" + regional + "log-group:" + name + ":*";
            case "AWS::IAM::Role" -> prefix + "iam::" + stack.accountId() + ":role/" + name;
            case "AWS::SecretsManager::Secret" -> prefix + "secretsmanager:" + regional + "secret:" + name;
            case "AWS::SSM::Parameter" -> prefix + "ssm:" + regional + "parameter/" + name.replaceFirst("^/", "");
            case "AWS::CloudWatch::Alarm" -> prefix + "cloudwatch:" + regional + "alarm:" + name;
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" ->
                    prefix + "states:" + regional + "stateMachine:" + name;
            default -> {
                String[] parts = type.split("::");
                String service = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
                yield prefix + service + ":" + regional + name;
            }
        };
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

    private String join(Object argument) {
        List<?> arguments = list(argument, 2, "Fn::Join");
        Object items = evaluate(arguments.get(1));
        if (!(items instanceof List<?> list)) {
            throw new SetupException("Fn::Join takes [delimiter, [values...]], got " + argument);
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
            throw new SetupException("Fn::Select index " + index + " is outside " + items);
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
        throw new SetupException("Fn::FindInMap [" + map + ", " + top + ", " + second + "]: no such entry in Mappings");
    }

    boolean namedCondition(String name) {
        if (template.get("Conditions") instanceof Map<?, ?> conditions && conditions.containsKey(name)) {
            return condition(conditions.get(name));
        }
        throw new SetupException("Condition " + name + " is not declared under Conditions");
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
        throw new SetupException("Not a condition: " + expression);
    }

    private Object comparable(Object operand) {
        Object value = evaluate(operand);
        return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value;
    }

    private List<?> list(Object argument, int size, String function) {
        if (argument instanceof List<?> list && (size < 0 || list.size() == size)) {
            return list;
        }
        throw new SetupException(function + " takes a list" + (size < 0 ? "" : " of " + size) + ", got " + argument);
    }

    private Map<?, ?> resource(String logicalId) {
        return template.get("Resources") instanceof Map<?, ?> resources && resources.get(logicalId) instanceof Map<?, ?> r
                ? r : null;
    }

    private String unknowable(String what, String placeholder) {
        warnings.add(what + " cannot be resolved locally; using \"" + placeholder + "\"");
        return placeholder;
    }
}
