package link.buddyverse.ops.sam;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resources with no stack behind them, as {@code sam local} resolves them: {@code Ref} gives the resource's
 * physical name property (TableName, QueueName...) if it has one, else its logical id; {@code GetAtt ...Arn} builds
 * the ARN that name would have; {@code Fn::ImportValue} of the core stack's exports, from core/template.yaml
 * ({@link LocalExports}). What cannot be known locally (another export, unknown attributes) becomes a
 * visible placeholder and a warning, not a failure, since a function rarely needs every variable to answer one
 * event.
 */
public final class LocalResources implements Intrinsics.ResourceResolver {

    private static final List<String> NAME_PROPERTIES = List.of(
            "TableName", "QueueName", "TopicName", "BucketName", "FunctionName", "StateMachineName", "RoleName",
            "LogGroupName", "AlarmName", "DashboardName", "AutoScalingGroupName", "ClusterName", "DBInstanceIdentifier", "Name");

    private final List<String> warnings;
    private final LocalExports exports;
    private final Set<String> resolvingNames = new HashSet<>();

    public LocalResources(List<String> warnings) {
        this(warnings, null);
    }

    public LocalResources(List<String> warnings, LocalExports exports) {
        this.warnings = warnings;
        this.exports = exports;
    }

    @Override
    public Object importValue(String exportName, Intrinsics intrinsics) {
        Object value = exports == null ? null : exports.value(exportName, intrinsics.stack(), warnings);
        return value != null ? value : unknowable("Fn::ImportValue " + exportName, "<Fn::ImportValue " + exportName + ">");
    }

    @Override
    public Object ref(String logicalId, Intrinsics intrinsics) {
        if (intrinsics.resource(logicalId) != null) {
            return physicalName(logicalId, intrinsics);
        }
        throw new TemplateException("!Ref " + logicalId + " names no parameter, pseudo parameter or resource of the template");
    }

    /** The resource's own name property, as {@code sam local} resolves a Ref to it; else its logical id. */
    String physicalName(String logicalId, Intrinsics intrinsics) {
        Map<?, ?> properties = intrinsics.resource(logicalId).get("Properties") instanceof Map<?, ?> p ? p : Map.of();
        for (String property : NAME_PROPERTIES) {
            if (properties.containsKey(property)) {
                if (!resolvingNames.add(logicalId)) {
                    throw new TemplateException("The name of " + logicalId + " refers to itself");
                }
                try {
                    return intrinsics.text(properties.get(property), logicalId + "." + property);
                } finally {
                    resolvingNames.remove(logicalId);
                }
            }
        }
        return logicalId;
    }

    @Override
    public Object attribute(String logicalId, String attribute, Intrinsics intrinsics) {
        Map<?, ?> resource = intrinsics.resource(logicalId);
        if (resource == null) {
            throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + ": no resource " + logicalId);
        }
        String name = physicalName(logicalId, intrinsics);
        String type = String.valueOf(resource.get("Type"));
        StackContext stack = intrinsics.stack();
        if (attribute.equals("Arn") || attribute.endsWith(".Arn")) {
            return arn(stack, type, name);
        }
        if (attribute.equals("QueueUrl")) {
            return "https://sqs." + stack.region() + ".amazonaws.com/" + stack.accountId() + "/" + name;
        }
        if (attribute.endsWith("Name")) {
            return name;
        }
        return unknowable("Fn::GetAtt " + logicalId + "." + attribute, logicalId + "." + attribute);
    }

    private static String arn(StackContext stack, String type, String name) {
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

    @Override
    public Object unknowable(String what, String placeholder) {
        warnings.add(what + " cannot be resolved locally; using \"" + placeholder + "\"");
        return placeholder;
    }
}
