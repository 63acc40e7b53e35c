package link.buddyverse.ops.lifecycle;

import link.buddyverse.ops.kit.testing.MutableClock;
import static link.buddyverse.ops.kit.testing.BuddyWebTier.GROUP;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.aws.AwsClients;
import link.buddyverse.ops.kit.handler.OpsRequestHandler;
import link.buddyverse.ops.kit.result.OpsResult;
import link.buddyverse.ops.kit.state.OpsStateTableSchema;
import link.buddyverse.ops.kit.testing.BuddyWebTier;
import link.buddyverse.ops.kit.testing.SampleEvents;
import link.buddyverse.ops.kit.testing.TestLambdaContext;
import link.buddyverse.ops.localaws.Call;
import link.buddyverse.ops.localaws.Gateway;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The web tier as core/template.yaml declares it, in moto behind the gateway: the group with its two hooks
 * (heartbeat 300 s, CONTINUE), the target group (/health.html, 200, deregistration delay 60 s), the re-check
 * queue, the state table; a clock the function and the gateway's played lifecycle share, so a test crosses a
 * budget or a heartbeat timeout without waiting. Re-checks are delivered the way the queue's event source mapping
 * delivers them: the body the function sent, in an SQS batch. The group's instances are SSM managed nodes, as
 * core/template.yaml's launch template makes them: each runs with an instance profile whose role has
 * AmazonSSMManagedInstanceCore (moto records the association; the gateway's Run Command reaches nothing else).
 */
final class HookWorld implements AutoCloseable {

    static final String LAUNCH_HOOK = "Buddy-Launch-Hook";
    static final String TERMINATE_HOOK = "Buddy-Terminate-Hook";


    final Gateway gateway;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    final AutoScalingClient autoScaling;
    final ElasticLoadBalancingV2Client loadBalancing;
    final String queueUrl;
    final String targetGroupArn;
    final Ec2Client ec2;
    final JsonMapper jsonMapper = JsonMapper.createDefault();
    private final List<LifecycleHookHandler> containers = new ArrayList<>();
    private int messages;

    HookWorld(Gateway gateway) {
        this.gateway = gateway;
        gateway.played().clock(clock);
        AwsClients clients = new AwsClients();
        autoScaling = clients.build(AutoScalingClient.builder());
        loadBalancing = clients.build(ElasticLoadBalancingV2Client.builder());
        BuddyWebTier.create(autoScaling, 2, 2, 4);
        for (String[] hook : new String[][] {{LAUNCH_HOOK, "autoscaling:EC2_INSTANCE_LAUNCHING"},
                {TERMINATE_HOOK, "autoscaling:EC2_INSTANCE_TERMINATING"}}) {
            autoScaling.putLifecycleHook(b -> b.autoScalingGroupName(GROUP).lifecycleHookName(hook[0])
                    .lifecycleTransition(hook[1]).heartbeatTimeout(300).defaultResult("CONTINUE"));
        }
        ec2 = clients.build(Ec2Client.builder());
        // moto launches a launch configuration's instances without its profile: associated as EC2 would have.
        String profile = gateway.played().runCommand().managedNodes().createManagedProfile("Buddy-Web-Role");
        for (String instance : instances()) {
            ec2.associateIamInstanceProfile(b -> b.instanceId(instance).iamInstanceProfile(p -> p.arn(profile)));
        }
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        targetGroupArn = loadBalancing.createTargetGroup(b -> b.name("Buddy-LoadBalance-TargetGroup").protocol("HTTP").port(80)
                .vpcId(vpc).targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health.html")
                .matcher(m -> m.httpCode("200"))).targetGroups().get(0).targetGroupArn();
        loadBalancing.modifyTargetGroupAttributes(b -> b.targetGroupArn(targetGroupArn)
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("60")));
        queueUrl = clients.build(SqsClient.builder()).createQueue(b -> b.queueName("LifecycleRecheckQueue")).queueUrl();
        OpsStateTableSchema.createIfMissing(clients.build(DynamoDbClient.builder()), "OpsState");
    }

    /** A new Lambda container of the function (its own context), sharing the test's clock. */
    LifecycleHookHandler container(Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(Map.of("ops.state-table", "OpsState", "lifecycle.recheck-queue-url", queueUrl));
        properties.putAll(more);
        LifecycleHookHandler handler = OpsRequestHandler.withContext(ApplicationContext.builder().properties(properties)
                .singletons(clock), LifecycleHookHandler::new);
        containers.add(handler);
        return handler;
    }

    LifecycleHookHandler container() {
        return container(Map.of());
    }

    List<String> instances() {
        return BuddyWebTier.describe(autoScaling).instances().stream().map(i -> i.instanceId()).sorted().toList();
    }

    /** The instance runs without an instance profile from now on: no SSM managed node. */
    void withoutInstanceProfile(String instanceId) {
        ec2.describeIamInstanceProfileAssociations(b -> b.filters(f -> f.name("instance-id").values(instanceId)))
                .iamInstanceProfileAssociations()
                .forEach(a -> ec2.disassociateIamInstanceProfile(b -> b.associationId(a.associationId())));
    }

    String lifecycleState(String instanceId) {
        return autoScaling.describeAutoScalingInstances(b -> b.instanceIds(instanceId)).autoScalingInstances().stream()
                .findFirst().map(i -> i.lifecycleState()).orElse("gone");
    }

    /** Auto Scaling puts the instance at the hook; returns the event it sends to EventBridge. */
    String pauseAt(String hook, String instanceId) {
        String token = gateway.played().lifecycle().pause(GROUP, instanceId, hook);
        return lifecycleEvent(hook, instanceId, token, "evt-" + hook + "-" + instanceId);
    }

    String lifecycleEvent(String hook, String instanceId, String token, String eventId) {
        boolean launch = hook.equals(LAUNCH_HOOK);
        String sample = SampleEvents.read("lifecycle-hook", launch ? "launch-lifecycle-action.json" : "terminate-lifecycle-action.json");
        return SampleEvents.withId(sample, eventId)
                .replace(launch ? "i-1234567890abcdef0" : "i-0fedcba9876543210", instanceId)
                .replace(launch ? "87654321-4321-4321-4321-210987654321" : "11111111-2222-3333-4444-555555555555", token)
                .replace(launch ? "2026-11-25T09:00:00Z" : "2026-11-25T09:05:00Z", clock.instant().toString());
    }

    /** The group deregisters the instance before its terminate hook: the load balancer drains it. */
    void registerAndDrain(String instanceId) {
        loadBalancing.registerTargets(b -> b.targetGroupArn(targetGroupArn).targets(TargetDescription.builder().id(instanceId).port(80).build()));
        loadBalancing.deregisterTargets(b -> b.targetGroupArn(targetGroupArn).targets(TargetDescription.builder().id(instanceId).build()));
        gateway.played().targetHealth().markDraining(instanceId);
    }

    /** The last re-check the function sent, as the queue delivers it to the function (one-record batch). */
    String lastRecheck() {
        Call sent = gateway.calls().last("sqs", "SendMessage");
        if (sent == null) {
            throw new AssertionError("the function sent no re-check");
        }
        return sqsBatch(sent.parameter("MessageBody"));
    }

    String sqsBatch(String body) {
        messages++;
        try {
            return "{\"Records\":[{\"messageId\":\"m-" + messages + "\",\"receiptHandle\":\"r\",\"body\":"
                    + jsonMapper.writeValueAsString(body) + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},"
                    + "\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:ap-northeast-2:123456789012:LifecycleRecheckQueue\","
                    + "\"awsRegion\":\"ap-northeast-2\"}]}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpsResult invoke(LifecycleHookHandler handler, String json) {
        try {
            OpsResult result = handler.handleRequest(jsonMapper.readValue(json, JsonNode.class),
                    TestLambdaContext.of(LifecycleHook.NAME));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single record's result of a one-record SQS batch, or the result itself. */
    static OpsResult only(OpsResult result) {
        return result.records() == null ? result : result.records().get(0);
    }

    /** Answers AWS accepted (an answer to a wait that timed out is refused: not counted). */
    int answers(String result) {
        return (int) gateway.calls().of("autoscaling", "CompleteLifecycleAction").stream()
                .filter(c -> c.handledBy().equals("played") && c.status() == 200 && result.equals(c.parameter("LifecycleActionResult"))).count();
    }

    String opsEvents() {
        StringBuilder all = new StringBuilder();
        gateway.calls().of("eventbridge", "PutEvents").forEach(c -> all.append(c.parameters()));
        return all.toString();
    }

    @Override
    public void close() {
        containers.forEach(LifecycleHookHandler::close);
    }
}
