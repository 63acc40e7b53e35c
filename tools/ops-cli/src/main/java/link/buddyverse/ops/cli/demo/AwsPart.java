package link.buddyverse.ops.cli.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.demo.Timeline.Kind;
import link.buddyverse.ops.cli.sandbox.GatewayControl;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
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
 *   <li>Auto Scaling holding an instance at a lifecycle hook (moto runs no hooks): the sandbox gateway's played
 *       lifecycle pause, then the "Lifecycle Action" event EventBridge delivers.</li>
 *   <li>The instance's own answer to SSM Run Command (moto reports every command a success, with no output): the
 *       sandbox gateway's scripted run-command answer.</li>
 *   <li>The load balancer draining a deregistered target (moto reports it unused at once): the gateway reports it
 *       draining until the drill says the delay is over.</li>
 *   <li>SQS delivering a function's delayed re-check to it (no Lambda polls moto's queues): the body the function
 *       sent, in an SQS batch, through {@code ./ops local invoke}.</li>
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
        return context.publish(function, event);
    }

    /**
     * CloudWatch changes {@code alarm}'s state; EventBridge delivers the change, shaped with the alarm's own
     * configuration, to whichever functions' rules match it: the incident notifier must be one of them.
     */
    FunctionInvoker.Invocation alarmChanges(DrillContext context, MetricAlarm alarm, String from, String to, String reason) {
        Instant time = Instant.now();
        aws.cloudWatch().setAlarmState(b -> b.alarmName(alarm.alarmName()).stateValue(to).stateReason(reason));
        timeline.add(Kind.AWS_PART, "CloudWatch: " + alarm.alarmName() + " " + from + " -> " + to);
        return context.publish(IncidentExpectations.NOTIFIER, events.alarmStateChange(alarm, from, to, reason, time));
    }

    /**
     * Lambda gives up on an asynchronous event after its retries and sends the invocation record to the function's
     * on-failure destination, the dead-letter queue (no Lambda runs in moto: the record is sent as Lambda shapes it);
     * SQS then reports the queue's depth to CloudWatch every minute (moto reports none: put with PutMetricData).
     */
    void invocationFailed(String function, String queueUrl, String record, String why) {
        aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(record));
        String queue = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        aws.cloudWatch().putMetricData(b -> b.namespace("AWS/SQS").metricData(m -> m.metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(d -> d.name("QueueName").value(queue)).timestamp(Instant.now()).value(1.0)));
        timeline.add(Kind.AWS_PART, "Lambda: " + function + " failed after its 2 retries (" + why + "): its event goes to "
                        + queue + ", its on-failure destination",
                List.of("no Lambda runs in moto: the invocation record is sent to the queue as Lambda shapes it"
                        + " (requestContext.condition RetriesExhausted, requestPayload, responsePayload)",
                        "SQS reports the queue's depth to CloudWatch every minute: put with PutMetricData (moto reports none)"));
    }

    /** The function's schedule rule fires (rate(5 minutes)). */
    FunctionInvoker.Invocation schedule(DrillContext context, String function, String functionDir, String why) {
        timeline.add(Kind.AWS_PART, "EventBridge: " + function + "'s schedule fires (" + why + ")");
        return context.deliver(function, events.scheduledEvent(functionDir, Instant.now()));
    }

    /**
     * EC2 reports each instance's CPUUtilization to CloudWatch every minute (moto collects none): the last
     * {@code minutes} of {@code percent} per instance, with PutMetricData.
     */
    void cpuReported(List<String> instanceIds, double percent, int minutes) {
        Instant now = Instant.now();
        for (String id : instanceIds) {
            List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data = new java.util.ArrayList<>();
            for (int m = minutes; m >= 0; m--) {
                double value = Math.max(1, Math.min(99, percent + 12 * Math.sin((m + id.hashCode() % 7) / 3.0)));
                data.add(software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName("CPUUtilization")
                        .dimensions(d -> d.name("InstanceId").value(id)).timestamp(now.minusSeconds(60L * m)).value(value)
                        .unit("Percent").build());
            }
            aws.cloudWatch().putMetricData(b -> b.namespace("AWS/EC2").metricData(data));
        }
        timeline.add(Kind.AWS_PART, "EC2: CPUUtilization of " + String.join(", ", instanceIds) + " reported to CloudWatch",
                List.of("moto collects no instance metrics: the last " + minutes + " minutes put with PutMetricData, around "
                        + (int) percent + "%"));
    }

    /** Auto Scaling holds {@code instanceId} at {@code hook}; EventBridge delivers the lifecycle action to {@code function}. */
    FunctionInvoker.Invocation holdAtHook(DrillContext context, String function, String functionDir, String group, String hook,
                                          String instanceId, boolean launch) {
        String token = gateway.pauseAtHook(group, instanceId, hook);
        timeline.add(Kind.AWS_PART, "Auto Scaling: " + group + " holds " + instanceId + " at " + hook + " ("
                        + (launch ? "Pending:Wait" : "Terminating:Wait") + ")",
                List.of("moto runs no lifecycle hooks: the sandbox gateway's played lifecycle holds the instance and answers"
                        + " CompleteLifecycleAction and RecordLifecycleActionHeartbeat"));
        return context.publish(function, events.lifecycleAction(functionDir, launch, group, hook, instanceId, token, Instant.now()));
    }

    /** The instance answers SSM Run Command with {@code output} and exit code {@code code} from now on. */
    void instanceAnswers(String instanceId, String what, String output, int code) {
        gateway.scriptRunCommand(instanceId, code == 0 ? "Success" : "Failed", output, "", code);
        timeline.add(Kind.AWS_PART, "EC2: " + instanceId + " " + what + " (its check exits " + code + ")",
                List.of("moto runs no commands: the sandbox gateway answers SSM Run Command for this instance as scripted"));
    }

    /** SQS delivers the re-check the function last sent, once its delay is over. */
    FunctionInvoker.Invocation recheckArrives(DrillContext context, String function) {
        String sent = gateway.lastCallParameters("sqs", "SendMessage");
        if (sent == null) {
            throw new DrillFailed(function + " sent no re-check");
        }
        Object body;
        try {
            body = ((Map<?, ?>) link.buddyverse.ops.cli.Json.parse(sent)).get("MessageBody");
        } catch (link.buddyverse.ops.cli.Json.MalformedJsonException e) {
            throw new DrillFailed("the re-check's SendMessage is not readable: " + sent);
        }
        timeline.add(Kind.AWS_PART, "SQS: " + function + "'s re-check is delivered after its delay",
                List.of("no Lambda polls moto's queues: the message the function sent, in an SQS batch, through ./ops local invoke"));
        String batch = "{\"Records\":[{\"messageId\":\"" + java.util.UUID.randomUUID() + "\",\"receiptHandle\":\"r\",\"body\":"
                + TemplateJsonQuote.quote(String.valueOf(body)) + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},"
                + "\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:ap-northeast-2:123456789012:LifecycleRecheckQueue\","
                + "\"awsRegion\":\"ap-northeast-2\"}]}";
        return context.deliver(function, batch);
    }

    /** The group deregisters the instance; the load balancer drains it for its deregistration delay. */
    void groupDeregisters(String groupName, String targetGroupArn, String instanceId) {
        aws.loadBalancing().deregisterTargets(b -> b.targetGroupArn(targetGroupArn)
                .targets(TargetDescription.builder().id(instanceId).build()));
        gateway.markDraining(instanceId);
        timeline.add(Kind.AWS_PART, "Auto Scaling: " + groupName + " deregisters " + instanceId + "; the ALB drains it",
                List.of("moto reports a deregistered target unused at once: the sandbox gateway reports it draining"));
    }

    /** The deregistration delay is over: the target has left draining. */
    void drainingEnds(String instanceId) {
        gateway.clear(instanceId);
        timeline.add(Kind.AWS_PART, "ALB: " + instanceId + "'s deregistration delay is over: the target is no longer draining");
    }

    /** RDS emits the DB instance event of {@code events/<functionDir>/<sampleFile>}; EventBridge delivers it. */
    FunctionInvoker.Invocation rdsEvent(DrillContext context, String function, String functionDir, String sampleFile, String what) {
        timeline.add(Kind.AWS_PART, "RDS: " + what, List.of("moto emits no RDS events: the recorded event shape"
                + " (" + sampleFile + "), routed by EventBridge"));
        return context.publish(function, events.sampleEvent(functionDir, sampleFile, Instant.now()));
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
