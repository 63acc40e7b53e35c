package link.buddyverse.ops.cli.preflight;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.sandbox.StackDeployer;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * What would fail once the two stacks run, read from the account (or the sandbox) and the deployed stacks, one
 * check at a time: each problem becomes a {@link Finding} with its fix, each check that holds a line in
 * {@link #passed()}. Read-only: nothing here changes anything.
 */
final class Preflight {

    /** The Slack scopes IncidentNotifierFunction uses (its README's "Slack scopes"); the read ones only for named channels. */
    static final List<String> SLACK_SCOPES = List.of("chat:write", "channels:history", "groups:history");
    static final List<String> CHANNEL_LOOKUP_SCOPES = List.of("channels:read", "groups:read");
    /** Namespaces of the alarms on the ops stack's own resources (not checked for data, see alarmDimensions). */
    static final List<String> SELF_NAMESPACES = List.of("AWS/Lambda", "AWS/SQS");

    private final PreflightClients clients;
    private final String coreStack;
    private final String opsStack;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    private Map<String, String> exports = Map.of();
    private Map<String, String> opsParameters = Map.of();
    private List<StackResource> opsResources = List.of();

    Preflight(PreflightClients clients, String coreStack, String opsStack) {
        this.clients = clients;
        this.coreStack = coreStack;
        this.opsStack = opsStack;
    }

    List<Finding> findings() {
        return findings;
    }

    List<String> passed() {
        return passed;
    }

    /** The stacks themselves; false when the core stack is missing (nothing else can be checked then). */
    boolean stacks() {
        CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder());
        Map<String, String> all = StackDeployer.exports(cloudFormation);
        exports = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (name.startsWith(coreStack + "-")) {
                exports.put(name.substring(coreStack.length() + 1), value);
            }
        });
        if (exports.isEmpty()) {
            findings.add(new Finding("stacks", "the core stack " + coreStack + " exports nothing (not deployed, or under another name)",
                    "deploy it first: sam deploy --config-env core; or name yours: --core-stack <name> (template.yaml's CoreStackName)"));
            return false;
        }
        try {
            Stack ops = cloudFormation.describeStacks(b -> b.stackName(opsStack)).stacks().get(0);
            Map<String, String> parameters = new LinkedHashMap<>();
            ops.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
            opsParameters = parameters;
            opsResources = cloudFormation.describeStackResources(b -> b.stackName(opsStack)).stackResources();
            passed.add("stacks: " + coreStack + " (" + exports.size() + " exports) and " + opsStack);
            if (parameters.containsKey("CoreStackName") && !coreStack.equals(parameters.get("CoreStackName"))) {
                findings.add(new Finding("stacks", opsStack + " imports from " + parameters.get("CoreStackName") + ", not " + coreStack,
                        "deploy the ops stack with CoreStackName=" + coreStack + ", or check --core-stack"));
            }
        } catch (SdkException e) {
            findings.add(new Finding("stacks", "the ops stack " + opsStack + " cannot be read: " + firstLine(e.getMessage()),
                    "deploy it: sam build && sam deploy (or name yours: --ops-stack <name>)"));
        }
        return true;
    }

    /** Every instance of the web tier's group is an SSM managed node (else the readiness check cannot reach it). */
    void managedNodes() {
        String group = exports.get("GroupName");
        if (group == null) {
            findings.add(new Finding("managed nodes", coreStack + " exports no GroupName", "deploy core/template.yaml of this repository"));
            return;
        }
        List<String> instances = clients.build(AutoScalingClient.builder()).describeAutoScalingGroups(b -> b.autoScalingGroupNames(group))
                .autoScalingGroups().stream().flatMap(g -> g.instances().stream()).map(i -> i.instanceId()).toList();
        if (instances.isEmpty()) {
            passed.add("managed nodes: " + group + " has no instance now");
            return;
        }
        List<String> managed = clients.build(SsmClient.builder()).describeInstanceInformation(b -> b.filters(
                        InstanceInformationStringFilter.builder().key("InstanceIds").values(instances).build()))
                .instanceInformationList().stream().map(i -> i.instanceId()).toList();
        for (String instance : instances) {
            if (!managed.contains(instance)) {
                findings.add(new Finding("managed nodes", instance + " of " + group + " is not an SSM managed node: Run Command (the"
                        + " lifecycle hook's readiness check) cannot reach it",
                        "give the launch template an instance profile whose role has AmazonSSMManagedInstanceCore"
                                + " (core/template.yaml WebInstanceProfile), and a way to SSM (NAT or VPC endpoints)"));
            }
        }
        if (managed.containsAll(instances)) {
            passed.add("managed nodes: the " + instances.size() + " instances of " + group + " are SSM managed nodes");
        }
    }

    /**
     * Every alarm of the stacks on the web stack's resources names, in each dimension, something that publishes the
     * metric (it has data): an id copied by hand, or a placeholder, never does.
     */
    void alarmDimensions() {
        String prefix = opsParameters.getOrDefault("AlarmNamePrefix", "Buddy-");
        CloudWatchClient cloudWatch = clients.build(CloudWatchClient.builder());
        int checked = 0;
        for (MetricAlarm alarm : cloudWatch.describeAlarmsPaginator(b -> b.alarmNamePrefix(prefix)).metricAlarms()) {
            // The automation's own alarms name the ops stack's functions and queues by Ref: they cannot name something
            // else, and a function not invoked yet (a queue never used) has no data for a while after the deploy.
            if (alarm.namespace() == null || alarm.dimensions().isEmpty() || SELF_NAMESPACES.contains(alarm.namespace())) {
                continue;
            }
            checked++;
            List<DimensionFilter> filters = alarm.dimensions().stream()
                    .map(d -> DimensionFilter.builder().name(d.name()).value(d.value()).build()).toList();
            boolean hasData = !cloudWatch.listMetrics(b -> b.namespace(alarm.namespace()).metricName(alarm.metricName())
                    .dimensions(filters)).metrics().isEmpty();
            if (!hasData) {
                String dims = String.join(", ", alarm.dimensions().stream().map(d -> d.name() + "=" + d.value()).toList());
                findings.add(new Finding("alarm dimensions", "alarm " + alarm.alarmName() + " watches " + alarm.namespace() + " "
                        + alarm.metricName() + " of " + dims + ", which has no data: it names nothing that exists (or publishes),"
                        + " so it never fires", "give it the dimension values the core stack exports (" + coreStack
                        + "-TargetGroupFullName, -LoadBalancerFullName, -FileSystemId...): redeploy the ops stack, which imports them"));
            }
        }
        if (findings.stream().noneMatch(f -> f.check().equals("alarm dimensions"))) {
            passed.add("alarm dimensions: the " + checked + " alarms named " + prefix + "* watch metrics that have data");
        }
    }

    /** The private zone (by id), the read record in it, and the read endpoints parameter exist. */
    void zoneRecordAndParameters() {
        String zone = exports.get("PrivateHostedZoneId");
        String record = exports.get("ReadRecordName");
        Route53Client route53 = clients.build(Route53Client.builder());
        boolean zoneThere = false;
        if (zone == null) {
            findings.add(new Finding("zone", coreStack + " exports no PrivateHostedZoneId", "deploy core/template.yaml of this repository"));
        } else {
            try {
                route53.getHostedZone(b -> b.id(zone));
                zoneThere = true;
            } catch (NoSuchHostedZoneException e) {
                findings.add(new Finding("zone", "the private zone " + zone + " that " + coreStack + " exports does not exist:"
                        + " ReplicaRotatorFunction cannot point the read endpoint anywhere",
                        "restore the zone with the core stack (aws cloudformation detect-stack-drift --stack-name " + coreStack
                                + ", then update it), never by hand under another id"));
            }
        }
        if (zoneThere && record != null) {
            String fqdn = record.endsWith(".") ? record : record + ".";
            boolean found = route53.listResourceRecordSets(b -> b.hostedZoneId(zone).startRecordName(record)).resourceRecordSets()
                    .stream().anyMatch(r -> r.name().equals(fqdn) || r.name().equals(record));
            if (found) {
                passed.add("zone: " + zone + " holds " + record);
            } else {
                findings.add(new Finding("zone", "the read record " + record + " is not in zone " + zone,
                        "update the core stack (its ReadRecord resource creates it); ReplicaRotatorFunction only rewrites it"));
            }
        }
        String parameter = opsParameters.getOrDefault("ReadEndpointsParameterName", "/buddyverse/db/read-endpoints");
        try {
            clients.build(SsmClient.builder()).getParameter(b -> b.name(parameter));
            passed.add("parameters: " + parameter + " exists");
        } catch (ParameterNotFoundException e) {
            findings.add(new Finding("parameters", "the SSM parameter " + parameter + " does not exist: applications reading the"
                    + " read endpoints get nothing", "ReplicaRotatorFunction writes it on its next reconcile (every minute):"
                    + " wait a minute after the deploy, or check its logs and dead letters"));
        }
    }

    /** The notifier's bot token authenticates, with the scopes it needs. */
    void slack(String token, String apiUrl) {
        String bot = token;
        String where = "the token given";
        if (bot == null) {
            String secret = opsParameters.get("SlackSecretArn");
            if (secret == null || secret.isBlank()) {
                findings.add(new Finding("slack", "no Slack token to check: the ops stack has no SlackSecretArn",
                        "deploy it with SlackSecretArn=<the secret's ARN> (docs/deploy.md), or pass --slack-token"));
                return;
            }
            try {
                String json = clients.build(SecretsManagerClient.builder()).getSecretValue(b -> b.secretId(secret)).secretString();
                Object parsed = Json.parse(json);
                bot = parsed instanceof Map<?, ?> m && m.get("botToken") != null ? String.valueOf(m.get("botToken")) : null;
                where = "the secret " + secret;
                if (bot == null) {
                    passed.add("slack: " + secret + " holds a webhook URL (open and resolve only): no token to check");
                    return;
                }
            } catch (SdkException | Json.MalformedJsonException e) {
                findings.add(new Finding("slack", "the Slack secret " + secret + " cannot be read: " + firstLine(e.getMessage()),
                        "create it: aws secretsmanager create-secret --name buddyverse-ops/slack --secret-string '{\"botToken\":\"xoxb-...\"}'"));
                return;
            }
        }
        String base = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(URI.create(base + "auth.test"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + bot)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            findings.add(new Finding("slack", "Slack's auth.test at " + base + " did not answer: " + e.getMessage(), "check the network to Slack"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Object body;
        try {
            body = Json.parse(answer.body());
        } catch (Json.MalformedJsonException e) {
            body = Map.of();
        }
        Map<?, ?> result = body instanceof Map<?, ?> m ? m : Map.of();
        if (!Boolean.TRUE.equals(result.get("ok"))) {
            findings.add(new Finding("slack", "the bot token of " + where + " does not authenticate (auth.test: " + result.get("error") + ")",
                    "put a valid bot token (xoxb-...) of the Buddyverse workspace's app in the secret"));
            return;
        }
        List<String> granted = List.of(answer.headers().firstValue("x-oauth-scopes").orElse("").split("\\s*,\\s*"));
        List<String> needed = new ArrayList<>(SLACK_SCOPES);
        boolean namedChannels = !opsParameters.getOrDefault("SlackCriticalChannel", "#").matches("[CG][A-Z0-9]+")
                || !opsParameters.getOrDefault("SlackWarningChannel", "#").matches("[CG][A-Z0-9]+");
        if (namedChannels) {
            needed.addAll(CHANNEL_LOOKUP_SCOPES);
        }
        List<String> missing = needed.stream().filter(s -> !granted.contains(s)).toList();
        if (missing.isEmpty()) {
            passed.add("slack: the bot token authenticates as " + result.get("user") + " with " + String.join(", ", needed));
        } else {
            findings.add(new Finding("slack", "the bot token lacks " + String.join(", ", missing) + " (it has " + String.join(", ", granted) + ")",
                    "add the scopes to the Slack app's bot token and reinstall it"
                            + (namedChannels ? "; or configure channel ids (C0...) to need no channels:read/groups:read" : "")));
        }
    }

    /** The ops stack's dead-letter queues are empty. */
    void deadLetters() {
        SqsClient sqs = clients.build(SqsClient.builder());
        List<String> queues = new ArrayList<>();
        for (StackResource resource : opsResources) {
            if ("AWS::SQS::Queue".equals(resource.resourceType()) && resource.logicalResourceId().contains("DeadLetter")
                    && resource.physicalResourceId() != null) {
                String url = resource.physicalResourceId();
                int depth = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                queues.add(resource.logicalResourceId());
                if (depth > 0) {
                    findings.add(new Finding("dead letters", resource.logicalResourceId() + " holds " + depth + " message(s): events a"
                            + " function failed on for good, or EventBridge could not deliver",
                            "read them (aws sqs receive-message --queue-url " + url + "), fix the cause, then redrive or delete them"));
                }
            }
        }
        if (findings.stream().noneMatch(f -> f.check().equals("dead letters"))) {
            passed.add("dead letters: " + (queues.isEmpty() ? "no dead-letter queue found in " + opsStack : String.join(", ", queues) + " empty"));
        }
    }

    /**
     * Each function's core values, as the env-vars file gives them (the deployed functions' configuration), match what
     * template.yaml imports from the core stack now.
     */
    void functionParameters(Path samTemplate, Path envVars, String accountId) {
        if (envVars == null) {
            passed.add("function parameters: not compared (pass -n with the functions' variables, e.g. .ops/sandbox/env.json)");
            return;
        }
        Map<String, Object> template = link.buddyverse.ops.sam.CloudFormationYaml.load(samTemplate);
        // What the template imports from the core stack checked here (--core-stack), whatever the ops stack was given.
        Map<String, String> parameters = new LinkedHashMap<>(opsParameters);
        parameters.put("CoreStackName", coreStack);
        StackValues values = new StackValues(template, parameters, opsStack, clients.region().id(), accountId).exports(prefixed());
        opsResources.forEach(r -> values.resolve(r.logicalResourceId(), r.physicalResourceId()));
        Object file;
        try {
            file = Json.parse(Files.readString(envVars));
        } catch (IOException | Json.MalformedJsonException e) {
            findings.add(new Finding("function parameters", "cannot read " + envVars + ": " + e.getMessage(), "pass the env-vars JSON of the functions"));
            return;
        }
        Map<String, Object> resources = TemplateJson.map(template, "Resources");
        int compared = 0;
        for (Map.Entry<?, ?> section : (file instanceof Map<?, ?> m ? m : Map.of()).entrySet()) {
            Map<String, Object> declared = TemplateJson.map(TemplateJson.map(TemplateJson.map(resources, String.valueOf(section.getKey())),
                    "Properties"), "Environment");
            Map<String, Object> variables = TemplateJson.map(declared, "Variables");
            if (!(section.getValue() instanceof Map<?, ?> actual)) {
                continue;
            }
            for (Map.Entry<String, Object> variable : variables.entrySet()) {
                if (!String.valueOf(variable.getValue()).contains("Fn::ImportValue") || !actual.containsKey(variable.getKey())) {
                    continue;
                }
                Optional<String> expected = evaluate(values, variable.getValue());
                if (expected.isEmpty()) {
                    continue;
                }
                compared++;
                String given = String.valueOf(actual.get(variable.getKey()));
                if (!expected.get().equals(given)) {
                    findings.add(new Finding("function parameters", section.getKey() + " " + variable.getKey() + " is '" + given
                            + "', but " + coreStack + " exports '" + expected.get() + "'",
                            "redeploy the ops stack (sam deploy) so that it imports the core stack's value again"));
                }
            }
        }
        if (findings.stream().noneMatch(f -> f.check().equals("function parameters"))) {
            passed.add("function parameters: the " + compared + " core values of the functions match " + coreStack + "'s exports");
        }
    }

    private Map<String, String> prefixed() {
        Map<String, String> named = new LinkedHashMap<>();
        exports.forEach((name, value) -> named.put(coreStack + "-" + name, value));
        return named;
    }

    private static Optional<String> evaluate(StackValues values, Object expression) {
        try {
            return Optional.of(values.text(values.evaluate(expression)));
        } catch (StackValues.Unresolved e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.strip().split("\n", 2)[0];
    }
}
