package link.buddyverse.ops.cli.demo;

import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.cli.sandbox.SandboxStacks;
import link.buddyverse.ops.localslack.SlackStandIn;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The automation watches itself: a function fails on an event for good (Lambda's retries spent), Lambda parks the
 * event in the ops stack's dead-letter queue, the queue's depth alarm (template.yaml DeadLetterQueueAlarm) goes to
 * ALARM and the notifier opens a critical incident in Slack, like any alarm of the stack. The on-call reads the
 * message, deals with it and deletes it: the alarm clears and the incident resolves.
 */
final class DeadLetterDrill implements Drill {

    static final String DEAD_LETTERS = "Buddy-Ops-Dead-Letters";
    private static final String FAILED = "ScalingTunerFunction";

    @Override
    public String id() {
        return "dead-letter";
    }

    @Override
    public String title() {
        return "A function fails for good: its event in the dead-letter queue, a critical incident";
    }

    @Override
    public String owners() {
        return "nothing watched the automation itself: a failed event sat in the queue unseen";
    }

    @Override
    public List<String> functions() {
        return List.of(IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        String queueUrl = context.aws().cloudFormation().describeStackResource(b -> b.stackName(SandboxStacks.OPS_STACK)
                .logicalResourceId("DeadLetterQueue")).stackResourceDetail().physicalResourceId();
        MetricAlarm alarm = context.aws().cloudWatch().describeAlarms(b -> b.alarmNames(DEAD_LETTERS)).metricAlarms().stream()
                .findFirst().orElse(null);
        context.check(alarm != null, "template.yaml's alarm " + DEAD_LETTERS + " watches the dead-letter queue's depth", "no such alarm");
        context.check(depth(context, queueUrl) == 0, "the dead-letter queue starts empty", depth(context, queueUrl) + " messages");
        context.expectIncident(DEAD_LETTERS);

        context.note(FAILED + " fails on a CPU-High event three times in a row (its state table throttled for minutes)");
        context.awsPart().invocationFailed(FAILED, queueUrl, record(), "DynamoDB ProvisionedThroughputExceededException");
        context.check(depth(context, queueUrl) == 1, "the failed event waits in the dead-letter queue", depth(context, queueUrl) + " messages");

        context.awsPart().alarmChanges(context, alarm, "OK", "ALARM",
                "Threshold Crossed: 1 out of the last 1 datapoints [1.0] was greater than the threshold (0.0)");
        List<SlackStandIn.Request> opened = context.incidentMessagesAbout(DEAD_LETTERS);
        String channel = opened.isEmpty() ? "none" : opened.get(0).channel();
        context.check(opened.size() == 1 && List.of("#buddy-incidents", SlackStandIn.CHANNEL_IDS.get("#buddy-incidents")).contains(channel),
                "one critical incident in #buddy-incidents names " + DEAD_LETTERS, opened.size() + " messages, channel " + channel);

        context.owners("the on-call reads the message (function, event, error), fixes the cause and deletes it from the queue");
        for (Message message : context.aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
            context.aws().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
        context.check(depth(context, queueUrl) == 0, "the dead-letter queue is empty again", depth(context, queueUrl) + " messages");
        context.awsPart().alarmChanges(context, alarm, "ALARM", "OK",
                "Threshold Crossed: 1 out of the last 1 datapoints [0.0] was not greater than the threshold (0.0)");
    }

    private static int depth(DrillContext context, String queueUrl) {
        return Integer.parseInt(context.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Lambda's on-failure destination record of an asynchronous invocation whose retries are spent. */
    private static String record() {
        return """
                {"version":"1.0","timestamp":"%s","requestContext":{"requestId":"c9b1f7a2-5d1e-4f1b-9a53-0d3c1e7b2a41",\
                "functionArn":"arn:aws:lambda:ap-northeast-2:123456789012:function:buddyverse-ops-ScalingTunerFunction:live",\
                "condition":"RetriesExhausted","approximateInvokeCount":3},\
                "requestPayload":{"version":"0","id":"5a1f3c2e-8b7d-4e6f-9a0b-1c2d3e4f5a6b","detail-type":"CloudWatch Alarm State Change",\
                "source":"aws.cloudwatch","account":"123456789012","region":"ap-northeast-2","detail":{"alarmName":"Buddy-CPU-High"}},\
                "responseContext":{"statusCode":200,"executedVersion":"1","functionError":"Unhandled"},\
                "responsePayload":{"errorType":"ProvisionedThroughputExceededException","errorMessage":"The level of configured\
                 provisioned throughput for the table was exceeded"}}""".formatted(Instant.now());
    }
}
