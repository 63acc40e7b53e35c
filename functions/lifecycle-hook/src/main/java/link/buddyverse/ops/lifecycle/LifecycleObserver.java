package link.buddyverse.ops.lifecycle;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;

/** Reads what a round needs (describe and get calls only): the instance's wait, the hook, the target group, SSM's answer. */
@Singleton
public class LifecycleObserver implements CallsAws {

    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client loadBalancing;
    private final SsmClient ssm;
    private final SentCommands commands;

    public LifecycleObserver(AutoScalingClient autoScaling, ElasticLoadBalancingV2Client loadBalancing, SsmClient ssm,
                             SentCommands commands) {
        this.autoScaling = autoScaling;
        this.loadBalancing = loadBalancing;
        this.ssm = ssm;
        this.commands = commands;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeLifecycleHooks", "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
                "ssm:GetCommandInvocation");
    }

    /** The instance's lifecycle state in {@code group} ({@code Pending:Wait}, {@code InService}...); empty once it is gone. */
    public Optional<String> lifecycleState(String group, String instanceId) {
        return autoScaling.describeAutoScalingInstances(b -> b.instanceIds(instanceId)).autoScalingInstances().stream()
                .filter(i -> group.equals(i.autoScalingGroupName()))
                .map(AutoScalingInstanceDetails::lifecycleState).findFirst();
    }

    /** The group's instances waiting at a hook. */
    public List<Observed.Waiting> waiting(String group) {
        return autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)).autoScalingGroups().stream()
                .flatMap(g -> g.instances().stream())
                .filter(i -> i.lifecycleStateAsString().endsWith(":Wait"))
                .map(i -> new Observed.Waiting(i.instanceId(), i.lifecycleStateAsString())).toList();
    }

    public Optional<Observed.Hook> hook(String group, String hookName) {
        return autoScaling.describeLifecycleHooks(b -> b.autoScalingGroupName(group).lifecycleHookNames(hookName))
                .lifecycleHooks().stream().findFirst()
                .map(h -> new Observed.Hook(h.lifecycleHookName(), h.heartbeatTimeout() == null ? 3600 : h.heartbeatTimeout(),
                        h.defaultResult()));
    }

    public Optional<Observed.TargetGroup> targetGroup(String name) {
        software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup group;
        try {
            group = loadBalancing.describeTargetGroups(b -> b.names(name)).targetGroups().get(0);
        } catch (TargetGroupNotFoundException | IndexOutOfBoundsException missing) {
            return Optional.empty();
        }
        int delay = loadBalancing.describeTargetGroupAttributes(b -> b.targetGroupArn(group.targetGroupArn())).attributes()
                .stream().filter(a -> "deregistration_delay.timeout_seconds".equals(a.key()))
                .map(a -> Integer.parseInt(a.value())).findFirst().orElse(300);
        String port = group.healthCheckPort() == null || "traffic-port".equals(group.healthCheckPort())
                ? String.valueOf(group.port() == null ? 80 : group.port()) : group.healthCheckPort();
        String matcher = group.matcher() == null || group.matcher().httpCode() == null ? "200" : group.matcher().httpCode();
        String path = group.healthCheckPath() == null ? "/" : group.healthCheckPath();
        return Optional.of(new Observed.TargetGroup(group.targetGroupArn(), path, port, matcher, delay));
    }

    /** The target's state in the group ({@code draining}, {@code unused}, {@code healthy}...). */
    public String targetState(String targetGroupArn, String instanceId) {
        try {
            return loadBalancing.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)
                            .targets(TargetDescription.builder().id(instanceId).build()))
                    .targetHealthDescriptions().stream().findFirst().map(TargetHealthDescription::targetHealth)
                    .map(h -> h.stateAsString()).orElse("unused");
        } catch (InvalidTargetException gone) {
            return "unused";
        }
    }

    /** What became of the command sent under {@code key}. */
    public Observed.Command command(String key, String instanceId) {
        if (key == null || key.isEmpty()) {
            return Observed.Command.NONE;
        }
        Optional<SentCommands.Sent> sent = commands.lookup(key);
        if (sent.isEmpty()) {
            return Observed.Command.NONE;
        }
        if (sent.get().commandId() == null) {
            return new Observed.Command(Observed.Command.State.REFUSED, "NotSent", -1, sent.get().refused());
        }
        GetCommandInvocationResponse invocation;
        try {
            invocation = ssm.getCommandInvocation(b -> b.commandId(sent.get().commandId()).instanceId(instanceId));
        } catch (InvocationDoesNotExistException notYet) {
            // SSM lists an invocation a moment after SendCommand answers.
            return new Observed.Command(Observed.Command.State.RUNNING, "Pending", -1, "");
        }
        String status = invocation.statusAsString();
        String output = join(invocation.standardOutputContent(), invocation.standardErrorContent());
        Observed.Command.State state = switch (status) {
            case "Pending", "InProgress", "Delayed" -> Observed.Command.State.RUNNING;
            case "Success" -> Observed.Command.State.SUCCESS;
            default -> Observed.Command.State.FAILED;
        };
        return new Observed.Command(state, status, invocation.responseCode() == null ? -1 : invocation.responseCode(), output);
    }

    private static String join(String out, String err) {
        String o = out == null ? "" : out.strip();
        String e = err == null ? "" : err.strip();
        return e.isEmpty() ? o : o.isEmpty() ? e : o + "\n" + e;
    }
}
