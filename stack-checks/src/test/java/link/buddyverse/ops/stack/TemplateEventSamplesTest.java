package link.buddyverse.ops.stack;

import static link.buddyverse.ops.stack.TemplateFixture.list;
import static link.buddyverse.ops.stack.TemplateFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * The samples in events/&lt;function&gt;/ are events the function really receives: each EventBridge sample
 * matches one of the function's event sources in template.yaml, as evaluated by AWS's own event-ruler, and
 * each SNS sample is shaped as SNS delivers a CloudWatch alarm notification to Lambda.
 */
class TemplateEventSamplesTest {

    private static final TemplateFixture TEMPLATE = TemplateFixture.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    // What EventBridge sends for a `Type: Schedule` event source (an EventBridge rule with a schedule).
    private static final Map<String, Object> SCHEDULED_EVENT =
            Map.of("source", List.of("aws.events"), "detail-type", List.of("Scheduled Event"));

    static Stream<Arguments> eventBridgeSamples() {
        return samples().filter(sample -> !isSns(read((Path) sample.get()[1])));  // SQS batches hold Records too
    }

    static Stream<Arguments> snsSamples() {
        return samples().filter(sample -> isSns(read((Path) sample.get()[1])) && !isSqs(read((Path) sample.get()[1])));
    }

    static Stream<Arguments> sqsSamples() {
        return samples().filter(sample -> isSqs(read((Path) sample.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sqsSamples")
    void sqsSampleIsABatchAsTheQueuesEventSourceMappingDeliversIt(String function, Path sample) {
        JsonNode records = read(sample).path("Records");
        assertThat(records.isArray() && records.size() >= 1).as("at least one record in Records").isTrue();
        for (JsonNode record : records) {
            assertThat(record.path("messageId").isTextual()).as("messageId").isTrue();
            assertThat(record.path("body").isTextual()).as("body is the message as a string").isTrue();
            assertThat(record.path("eventSourceARN").asText()).startsWith("arn:aws:sqs:");
        }
        // The batch reports its failed records: the function needs an SQS source that asks for that.
        assertThat(map(TEMPLATE.properties(function).get("Events")).values().stream()
                .filter(source -> "SQS".equals(String.valueOf(map(source).get("Type"))))
                .map(source -> String.valueOf(map(map(source).get("Properties")).get("FunctionResponseTypes"))))
                .as("SQS event sources of %s", function).isNotEmpty().allMatch(types -> types.contains("ReportBatchItemFailures"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("eventBridgeSamples")
    void eventBridgeSampleIsAnEnvelopeThatAnEventSourceOfItsFunctionMatches(String function, Path sample)
            throws Exception {
        JsonNode event = read(sample);

        assertThat(event.path("version").asText()).as("version").isEqualTo("0");
        assertThat(event.path("id").asText()).as("id").matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
        assertThat(event.path("account").asText()).as("account").matches("\\d{12}");
        assertThat(event.path("region").asText()).as("region").matches("[a-z]{2}(-[a-z]+)+-\\d");
        assertThat(Instant.parse(event.path("time").asText())).as("time").isNotNull();
        assertThat(event.path("resources").isArray()).as("resources is an array").isTrue();
        assertThat(event.path("detail").isObject()).as("detail is an object").isTrue();

        assertThat(rulesOf(function).rulesForJSONEvent(JSON.writeValueAsString(event)))
                .as("event sources of %s in template.yaml that %s matches: %s", function, sample.getFileName(),
                        sourcePatterns(function).keySet())
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("eventBridgeSamples")
    void eventSourcesIgnoreTheSameAlarmEventForAnAlarmTheFunctionDoesNotManage(String function, Path sample)
            throws Exception {
        JsonNode event = read(sample);
        if (!event.path("detail").has("alarmName")) {
            return;
        }
        ObjectNode foreign = event.deepCopy();
        ((ObjectNode) foreign.path("detail")).put("alarmName", "Someone-Elses-Alarm");

        assertThat(rulesOf(function).rulesForJSONEvent(JSON.writeValueAsString(foreign))).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("snsSamples")
    void snsSampleIsACloudWatchAlarmNotificationAsSnsDeliversItToLambda(String function, Path sample)
            throws Exception {
        JsonNode records = read(sample).path("Records");
        assertThat(records.isArray() && records.size() == 1).as("exactly one record in Records").isTrue();
        JsonNode record = records.get(0);
        assertThat(record.path("EventSource").asText()).isEqualTo("aws:sns");
        assertThat(record.path("EventVersion").asText()).isEqualTo("1.0");
        assertThat(record.path("EventSubscriptionArn").asText()).startsWith("arn:aws:sns:");
        JsonNode sns = record.path("Sns");
        assertThat(sns.path("Type").asText()).isEqualTo("Notification");
        assertThat(sns.path("TopicArn").asText()).startsWith("arn:aws:sns:");
        for (String field : List.of("MessageId", "Subject", "Timestamp", "SignatureVersion", "Signature",
                "SigningCertUrl", "UnsubscribeUrl")) {
            assertThat(sns.path(field).isTextual()).as("Sns.%s is a string", field).isTrue();
        }
        assertThat(sns.path("MessageAttributes").isObject()).as("Sns.MessageAttributes").isTrue();

        assertThat(sns.path("Message").isTextual()).as("Sns.Message is JSON in a string").isTrue();
        JsonNode alarm = JSON.readTree(sns.path("Message").asText());
        assertThat(alarm.path("NewStateValue").asText()).isIn("OK", "ALARM", "INSUFFICIENT_DATA");
        assertThat(alarm.path("OldStateValue").asText()).isIn("OK", "ALARM", "INSUFFICIENT_DATA");
        assertThat(alarm.path("StateChangeTime").asText())
                .as("StateChangeTime, written as CloudWatch writes it")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
        assertThat(alarm.path("AlarmArn").asText()).endsWith(":alarm:" + alarm.path("AlarmName").asText());
        assertThat(alarm.path("Trigger").path("Dimensions").isArray()).as("Trigger.Dimensions").isTrue();
        assertThat(sns.path("Subject").asText())
                .startsWith(alarm.path("NewStateValue").asText() + ": \"" + alarm.path("AlarmName").asText() + "\"");
        assertThat(alarm.path("AlarmName").asText())
                .as("the alarm is one %s's rules listen for", function)
                .isIn(alarmNamesListenedFor(function));
    }

    @Test
    void everyFunctionWithEventSourcesHasSamplesOfThem() {
        TEMPLATE.functions().keySet().stream()
                .filter(function -> !sourcePatterns(function).isEmpty())
                .forEach(function -> assertThat(sampleFiles(TEMPLATE.samplesOf(function)))
                        .as("sample events of %s in %s", function, TEMPLATE.samplesOf(function))
                        .isNotEmpty());
    }

    @Test
    void scalingTunerListensForExactlyTheAlarmsItIsToldToActOn() {
        Map<String, String> environment = TEMPLATE.environment("ScalingTunerFunction");
        Set<String> toldToActOn = new LinkedHashSet<>();
        for (String variable : List.of("SCALING_SCALE_OUT_ALARMS", "SCALING_SCALE_IN_ALARMS",
                "SCALING_UNHEALTHY_HOSTS_ALARMS")) {
            assertThat(environment).containsKey(variable);
            Arrays.stream(environment.get(variable).split(",")).map(String::trim).forEach(toldToActOn::add);
        }

        assertThat(alarmNamesListenedFor("ScalingTunerFunction"))
                .containsExactlyInAnyOrderElementsOf(toldToActOn)
                .containsExactlyInAnyOrder("Buddy-CPU-High", "Buddy-CPU-Low", "Buddy-Unhealthy-Hosts");
    }

    /** Event source name -> the EventBridge pattern it stands for, resolved with parameter defaults. */
    private static Map<String, Object> sourcePatterns(String function) {
        Map<String, Object> patterns = new LinkedHashMap<>();
        map(TEMPLATE.properties(function).get("Events")).forEach((name, source) -> {
            Map<String, Object> properties = map(map(source).get("Properties"));
            switch (String.valueOf(map(source).get("Type"))) {
                case "EventBridgeRule", "CloudWatchEvent" -> patterns.put(name, TEMPLATE.resolve(properties.get("Pattern")));
                case "Schedule" -> patterns.put(name, SCHEDULED_EVENT);
                default -> {
                    // SNS, SQS, ... deliver their own envelopes, not EventBridge events.
                }
            }
        });
        return patterns;
    }

    private static Machine rulesOf(String function) {
        Machine machine = new Machine();
        sourcePatterns(function).forEach((name, pattern) -> {
            try {
                machine.addRule(name, JSON.writeValueAsString(pattern));
            } catch (IOException e) {
                throw new AssertionError("event-ruler rejects the pattern of " + function + "." + name + ": " + pattern, e);
            }
        });
        return machine;
    }

    private static List<String> alarmNamesListenedFor(String function) {
        List<String> names = new ArrayList<>();
        sourcePatterns(function).values().forEach(pattern ->
                list(map(map(pattern).get("detail")).get("alarmName")).forEach(name -> names.add(String.valueOf(name))));
        return names;
    }

    private static Stream<Arguments> samples() {
        return TEMPLATE.functions().keySet().stream().flatMap(function ->
                sampleFiles(TEMPLATE.samplesOf(function)).stream().map(file -> Arguments.of(function, file)));
    }

    private static List<Path> sampleFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSns(JsonNode event) {
        return event.has("Records");
    }

    private static boolean isSqs(JsonNode event) {
        return "aws:sqs".equals(event.path("Records").path(0).path("eventSource").asText());
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not JSON: " + e.getMessage(), e);
        }
    }
}
