package link.buddyverse.ops.cli.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.cli.sandbox.gap.Deployment;
import link.buddyverse.ops.cli.sandbox.gap.MotoGap;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

/**
 * Deploys a template into moto through CloudFormation's CreateStack (not change sets: moto's change-set path,
 * which {@code aws cloudformation deploy} takes, drops the Outputs), with the {@link MotoGap}s filled around it.
 */
public final class StackDeployer {

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private final SandboxClients clients;
    private final List<MotoGap> gaps;

    public StackDeployer(SandboxClients clients, List<MotoGap> gaps) {
        this.clients = clients;
        this.gaps = gaps;
    }

    /**
     * @param template   the template as read (short forms already in their long form)
     * @param parameters values for some of its parameters; the others take their Default
     */
    public DeployedStack deploy(String stackName, Map<String, Object> template, Map<String, String> parameters) {
        StackValues values = new StackValues(template, parameters, stackName, clients.region(), SandboxClients.ACCOUNT_ID)
                .exports(exports(clients));
        Deployment deployment = new Deployment(stackName, template, values, clients);
        try {
            gaps.forEach(gap -> gap.beforeStack(deployment));
            Map<String, Object> declared = TemplateJson.map(deployment.submitted(), "Parameters");
            List<Parameter> given = new ArrayList<>();
            parameters.forEach((key, value) -> {
                if (declared.containsKey(key)) {
                    given.add(Parameter.builder().parameterKey(key).parameterValue(value).build());
                }
            });
            clients.cloudFormation().createStack(b -> b.stackName(stackName)
                    // CreateStack takes a body of at most 51,200 bytes: no indentation.
                    .templateBody(TemplateJson.compact(deployment.submitted()))
                    .parameters(given)
                    .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND));
            Stack stack = awaitCreated(stackName);
            Map<String, String> created = new LinkedHashMap<>();
            for (StackResource resource : clients.cloudFormation().describeStackResources(b -> b.stackName(stackName)).stackResources()) {
                if (resource.logicalResourceId() == null) {
                    // moto lists resources whose Condition is false as nameless entries
                    continue;
                }
                // moto reports no physical id for some resources (a DB subnet group): CloudFormation's Ref of those
                // is their name, the property moto named them by.
                created.put(resource.logicalResourceId(), resource.physicalResourceId() != null ? resource.physicalResourceId()
                        : nameOf(values, deployment.properties(resource.logicalResourceId()), resource.logicalResourceId()));
            }
            deployment.stackCreated(created);
            recordAttributes(values, TemplateJson.map(deployment.submitted(), "Resources"), created);
            gaps.forEach(gap -> gap.afterStack(deployment));

            List<String> skipped = new ArrayList<>();
            TemplateJson.map(template, "Resources").forEach((id, resource) -> {
                if (values.isCreated(id) && !created.containsKey(id) && !deployment.filledResources().containsKey(id)) {
                    skipped.add(id + " (" + ((Map<?, ?>) resource).get("Type") + ")");
                }
            });
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
            Map<String, String> physicalIds = new LinkedHashMap<>(created);
            physicalIds.putAll(deployment.filledResources());
            return new DeployedStack(stackName, outputs, physicalIds, deployment.fills(), skipped, values.parameters());
        } catch (SdkException e) {
            throw new SetupException("moto could not create the stack " + stackName + ": " + firstLine(e.getMessage()), e);
        } catch (StackValues.Unresolved e) {
            throw new SetupException("The sandbox could not fill a gap of moto in " + stackName + ": " + e.getMessage(), e);
        }
    }

    /** Every export of the stacks in the sandbox, by name (what moto's CloudFormation gives Fn::ImportValue). */
    public static Map<String, String> exports(SandboxClients clients) {
        return exports(clients.cloudFormation());
    }

    /** Every export of the stacks {@code cloudFormation} sees, by name. */
    public static Map<String, String> exports(software.amazon.awssdk.services.cloudformation.CloudFormationClient cloudFormation) {
        Map<String, String> exports = new LinkedHashMap<>();
        cloudFormation.listExportsPaginator(b -> { }).exports().forEach(export -> exports.put(export.name(), export.value()));
        return exports;
    }

    private Stack awaitCreated(String stackName) {
        Instant deadline = Instant.now().plus(CREATE_TIMEOUT);
        while (true) {
            Stack stack = clients.cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().get(0);
            String status = stack.stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS") && !status.equals("CREATE_PENDING")) {
                if (!status.equals("CREATE_COMPLETE")) {
                    throw new SetupException("moto left the stack " + stackName + " in " + status + ": " + stack.stackStatusReason());
                }
                return stack;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SetupException("moto did not finish creating " + stackName + " within " + CREATE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SetupException("interrupted while creating " + stackName);
            }
        }
    }

    /**
     * Teaches {@code values} the attributes later evaluations may need (Fn::GetAtt), spelt as CloudFormation gives
     * them, from the physical ids moto reports.
     */
    public static void recordAttributes(StackValues values, Map<String, Object> resources, Map<String, String> created) {
        created.forEach((id, physical) -> {
            Object type = TemplateJson.map(resources, id).get("Type");
            String arnPrefix = "arn:aws:";
            String regional = values.region() + ":" + values.accountId() + ":";
            switch (String.valueOf(type)) {
                case "AWS::ElasticLoadBalancingV2::TargetGroup" -> {
                    String fullName = physical.substring(physical.indexOf(":targetgroup/") + 1);
                    values.resolveAttribute(id, "TargetGroupFullName", fullName);
                    values.resolveAttribute(id, "TargetGroupName", fullName.split("/")[1]);
                    values.resolveAttribute(id, "TargetGroupArn", physical);
                }
                case "AWS::ElasticLoadBalancingV2::LoadBalancer" ->
                        values.resolveAttribute(id, "LoadBalancerFullName", physical.substring(physical.indexOf(":loadbalancer/") + 14));
                case "AWS::DynamoDB::Table" -> values.resolveAttribute(id, "Arn", arnPrefix + "dynamodb:" + regional + "table/" + physical);
                case "AWS::SQS::Queue" -> {
                    String name = physical.substring(physical.lastIndexOf('/') + 1);
                    values.resolveAttribute(id, "Arn", arnPrefix + "sqs:" + regional + name);
                    values.resolveAttribute(id, "QueueName", name);
                    values.resolveAttribute(id, "QueueUrl", physical);
                }
                case "AWS::Logs::LogGroup" -> values.resolveAttribute(id, "Arn", arnPrefix + "logs:" + regional + "log-group:" + physical + ":*");
                case "AWS::SNS::Topic" -> {
                    values.resolveAttribute(id, "TopicArn", physical);
                    values.resolveAttribute(id, "TopicName", physical.substring(physical.lastIndexOf(':') + 1));
                }
                case "AWS::Events::EventBus" -> values.resolveAttribute(id, "Arn", arnPrefix + "events:" + regional + "event-bus/" + physical);
                default -> {
                }
            }
        });
    }

    private static String nameOf(StackValues values, Map<String, Object> properties, String logicalId) {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (property.getKey().endsWith("Name") && !property.getKey().equals("KeyName")) {
                try {
                    return values.text(property.getValue());
                } catch (StackValues.Unresolved notYet) {
                    break;
                }
            }
        }
        return logicalId;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.strip().split("\n", 2)[0];
        return line.contains("<!doctype html>") || line.contains("Unable to parse response")
                ? "HTTP 500 from moto (an unimplemented call or a template moto cannot read; see its log)" : line;
    }
}
