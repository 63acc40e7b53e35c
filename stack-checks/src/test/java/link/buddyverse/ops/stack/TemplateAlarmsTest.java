package link.buddyverse.ops.stack;

import static link.buddyverse.ops.stack.TemplateFixture.list;
import static link.buddyverse.ops.stack.TemplateFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The automation watches itself: every function has its errors, throttles and near-timeout durations alarmed,
 * every dead-letter queue its depth, the re-check queue its oldest message; and each of those alarms reaches Slack
 * through the notifier (its rule and its followed alarms), the queues' as critical incidents.
 */
class TemplateAlarmsTest {

    private static final TemplateFixture TEMPLATE = TemplateFixture.load();

    @Test
    void everyFunctionHasItsErrorsThrottlesAndDurationNearItsTimeoutAlarmed() {
        int timeoutSeconds = Integer.parseInt(String.valueOf(map(map(TEMPLATE.template().get("Globals")).get("Function")).get("Timeout")));
        for (String function : TEMPLATE.functions().keySet()) {
            Object timeout = TEMPLATE.properties(function).get("Timeout");
            int seconds = timeout == null ? timeoutSeconds : Integer.parseInt(String.valueOf(timeout));
            for (String metric : List.of("Errors", "Throttles", "Duration")) {
                List<Map<String, Object>> alarms = alarmsOn("AWS/Lambda", metric, "FunctionName", Map.of("Ref", function));
                assertThat(alarms).as("%s alarms on %s", metric, function).hasSize(1);
                Map<String, Object> alarm = alarms.get(0);
                double threshold = Double.parseDouble(String.valueOf(alarm.get("Threshold")));
                if (metric.equals("Duration")) {
                    assertThat(alarm.get("Statistic")).isEqualTo("Maximum");
                    assertThat(threshold).as("%s's duration threshold (ms), timeout %d s", function, seconds)
                            .isEqualTo(seconds * 1000 * 0.8);
                } else {
                    assertThat(threshold).isZero();
                }
            }
        }
    }

    @Test
    void everyDeadLetterQueueHasItsDepthAndTheRecheckQueueItsOldestMessageAlarmed() {
        assertThat(alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                Map.of("Fn::GetAtt", List.of("DeadLetterQueue", "QueueName")))).hasSize(1);
        assertThat(alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                Map.of("Fn::GetAtt", List.of("LifecycleRecheckDeadLetterQueue", "QueueName")))).hasSize(1);
        assertThat(alarmsOn("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName",
                Map.of("Fn::GetAtt", List.of("LifecycleRecheckQueue", "QueueName")))).hasSize(1);
    }

    @Test
    void theAutomationsAlarmsReachSlackThroughTheNotifierTheQueuesAsCritical() {
        Map<String, String> notifier = TEMPLATE.environment("IncidentNotifierFunction");
        List<String> followed = List.of(notifier.get("INCIDENT_STACK_ALARMS").split(","));
        List<String> critical = List.of(notifier.get("INCIDENT_CRITICAL_ALARMS").split(","));
        String rule = String.valueOf(TEMPLATE.resolve(map(map(map(map(TEMPLATE.properties("IncidentNotifierFunction")
                .get("Events")).get("AlarmStateChange")).get("Properties")).get("Pattern"))));
        List<String> own = selfAlarmNames();
        assertThat(own).hasSize(3 + 3 * TEMPLATE.functions().size());
        for (String alarm : own) {
            assertThat(followed).as("alarms the notifier follows").contains(alarm);
            assertThat(alarm).startsWith("Buddy-Ops-");
        }
        assertThat(rule).contains("prefix=Buddy-Ops-");
        assertThat(critical).contains("Buddy-Ops-Dead-Letters", "Buddy-Ops-Recheck-Dead-Letters", "Buddy-Ops-Recheck-Queue-Age")
                .noneMatch(name -> name.endsWith("-Errors") || name.endsWith("-Throttles") || name.endsWith("-Duration"));
    }

    private static List<String> selfAlarmNames() {
        List<String> names = new ArrayList<>();
        map(TEMPLATE.template().get("Resources")).forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if ("AWS::CloudWatch::Alarm".equals(r.get("Type"))) {
                String name = TEMPLATE.resolveString(map(r.get("Properties")).get("AlarmName"));
                if (name.contains("Ops-")) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    private static List<Map<String, Object>> alarmsOn(String namespace, String metric, String dimension, Object value) {
        List<Map<String, Object>> found = new ArrayList<>();
        map(TEMPLATE.template().get("Resources")).forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if (!"AWS::CloudWatch::Alarm".equals(r.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(r.get("Properties"));
            if (namespace.equals(properties.get("Namespace")) && metric.equals(properties.get("MetricName"))
                    && list(properties.get("Dimensions")).stream().anyMatch(d -> dimension.equals(map(d).get("Name"))
                    && value.equals(map(d).get("Value")))) {
                found.add(properties);
            }
        });
        return found;
    }
}
