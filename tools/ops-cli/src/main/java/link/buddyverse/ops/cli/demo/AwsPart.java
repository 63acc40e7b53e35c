package link.buddyverse.ops.cli.demo;

import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.cli.sandbox.GatewayControl;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The one place where the drills play AWS's part: what AWS would do by itself that moto does not model. Each
 * step shows in the timeline as "aws's part", saying what AWS does and how the sandbox stands in for it.
 * Nothing here decides anything for the functions; it only makes the sandbox say what AWS would say.
 * <ul>
 *   <li>CloudWatch evaluating an alarm (moto never does): SetAlarmState, as CloudWatch sets it.</li>
 *   <li>EventBridge delivering the alarm's state change, or a schedule's tick, to the function its rule targets
 *       (no Lambda runs in moto): the recorded event shape, delivered through {@code ./ops local invoke}.</li>
 *   <li>The load balancer's health checks failing on a target (moto runs none and reports every target healthy):
 *       the sandbox gateway reports that target unhealthy.</li>
 *   <li>Auto Scaling replacing an instance marked Unhealthy (moto keeps it): TerminateInstanceInAutoScalingGroup,
 *       desired capacity unchanged, after deregistering it from the target group, as Auto Scaling does.</li>
 *   <li>Auto Scaling registering the replacement of a terminated instance with its target group (moto launches
 *       it but leaves it out of the target group): RegisterTargets.</li>
 * </ul>
 */
final class AwsPart {

    private final Timeline timeline;
    private final SandboxClients aws;
    private final GatewayControl gateway;
    private final SampleEventShapes events;

    AwsPart(Timeline timeline, SandboxClients aws, GatewayControl gateway, SampleEventShapes events) {
        this.timeline = timeline;
        this.aws = aws;
        this.gateway = gateway;
        this.events = events;
    }

    /** CloudWatch changes the alarm's state; EventBridge delivers the change to {@code function}. */
    FunctionInvoker.Invocation alarm(DrillContext context, String function, String functionDir, String alarm, String from, String to,
                                     String reason) {
        Instant time = Instant.now();
        aws.cloudWatch().setAlarmState(b -> b.alarmName(alarm).stateValue(to).stateReason(reason));
        timeline.add(Kind.AWS_PART, "CloudWatch: " + alarm + " " + from + " -> " + to + " (" + reason + ")",
                List.of("moto never evaluates alarms: the state is set with SetAlarmState, as CloudWatch sets it"));
        String event = events.alarmStateChange(functionDir, alarm, from, to, reason, time);
        timeline.add(Kind.AWS_PART, "EventBridge: the alarm's rule delivers \"CloudWatch Alarm State Change\" to " + function);
        return context.deliver(function, event);
    }

    /** The function's schedule rule fires (rate(5 minutes)). */
    FunctionInvoker.Invocation schedule(DrillContext context, String function, String functionDir, String why) {
        timeline.add(Kind.AWS_PART, "EventBridge: " + function + "'s schedule fires (" + why + ")");
        return context.deliver(function, events.scheduledEvent(functionDir, Instant.now()));
    }

    /** RDS emits the DB instance event of {@code events/<functionDir>/<sampleFile>}; EventBridge delivers it. */
    FunctionInvoker.Invocation rdsEvent(DrillContext context, String function, String functionDir, String sampleFile, String what) {
        timeline.add(Kind.AWS_PART, "RDS: " + what, List.of("moto emits no RDS events: the recorded event shape"
                + " (" + sampleFile + "), delivered by the rule to " + function));
        return context.deliver(function, events.sampleEvent(functionDir, sampleFile, Instant.now()));
    }

    /** The load balancer's health checks fail on {@code instanceId} (UnhealthyThresholdCount 2, every 30 s). */
    void healthChecksFail(String instanceId) {
        gateway.markUnhealthy(instanceId, "Target.FailedHealthChecks", "Health checks failed");
        timeline.add(Kind.AWS_PART, "ALB: 2 health checks of " + instanceId + " fail in a row: the target is unhealthy",
                List.of("moto runs no health checks: the sandbox gateway reports this target unhealthy in DescribeTargetHealth"));
    }

    /** Auto Scaling registers a replacement it launched with the group's target group. */
    void groupRegisters(String groupName, String targetGroupArn, String instanceId) {
        aws.loadBalancing().registerTargets(b -> b.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(instanceId).port(80).build()));
        timeline.add(Kind.AWS_PART, "Auto Scaling: " + groupName + " registers " + instanceId + " with its target group",
                List.of("moto launches the replacement of a terminated instance but does not register it with the target"
                        + " group: played with RegisterTargets"));
    }

    /**
     * Auto Scaling's health check finds {@code instanceId} Unhealthy: it takes it out of the target group, terminates
     * it and launches a replacement.
     */
    void groupReplaces(String groupName, String targetGroupArn, String instanceId) {
        aws.loadBalancing().deregisterTargets(b -> b.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(instanceId).build()));
        aws.autoScaling().terminateInstanceInAutoScalingGroup(b -> b.instanceId(instanceId).shouldDecrementDesiredCapacity(false));
        gateway.clear(instanceId);
        timeline.add(Kind.AWS_PART, "Auto Scaling: " + groupName + " finds " + instanceId + " Unhealthy: deregisters it,"
                        + " terminates it and launches a replacement",
                List.of("moto does not replace an instance marked Unhealthy: played with DeregisterTargets and"
                        + " TerminateInstanceInAutoScalingGroup (desired capacity unchanged)"));
    }
}
