package link.buddyverse.ops.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The events AWS sends, built from the project's recorded samples ({@code events/<function>/*.json}) with what
 * changes from one delivery to the next: a new id, the time, the state. The shape stays exactly the sample's.
 */
final class SampleEventShapes {

    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Path eventsDir;

    SampleEventShapes(Path eventsDir) {
        this.eventsDir = eventsDir;
    }

    /**
     * The "CloudWatch Alarm State Change" EventBridge sends when {@code alarm} goes from {@code previous} to {@code state},
     * shaped as the samples of {@code events/<functionDir>/} (else any sample) show it.
     */
    String alarmStateChange(String functionDir, String alarm, String previous, String state, String reason, Instant time) {
        return TemplateJson.write(alarmStateChangeEvent(functionDir, alarm, previous, state, reason, time));
    }

    private Map<String, Object> alarmStateChangeEvent(String functionDir, String alarm, String previous, String state, String reason,
                                                      Instant time) {
        Map<String, Object> event = sample(functionDir, "CloudWatch Alarm State Change", alarm);
        renew(event, time);
        event.put("resources", new ArrayList<>(List.of("arn:aws:cloudwatch:" + event.get("region") + ":" + event.get("account")
                + ":alarm:" + alarm)));
        Map<String, Object> detail = TemplateJson.map(event, "detail");
        detail.put("alarmName", alarm);
        Map<String, Object> now = TemplateJson.map(detail, "state");
        now.put("value", state);
        now.put("reason", reason);
        now.put("timestamp", ALARM_TIME.format(time));
        now.remove("reasonData");
        Map<String, Object> before = TemplateJson.map(detail, "previousState");
        before.put("value", previous);
        before.remove("reasonData");
        return event;
    }

    /**
     * The "CloudWatch Alarm State Change" of an alarm that has no sample of its own: the notifier's sample shape with
     * the alarm's configuration (description, metric, dimensions, period, statistic), as CloudWatch describes it.
     */
    String alarmStateChange(MetricAlarm alarm, String previous, String state, String reason, Instant time) {
        Map<String, Object> event = alarmStateChangeEvent("incident-notifier", alarm.alarmName(), previous, state, reason, time);
        Map<String, Object> configuration = TemplateJson.map(TemplateJson.map(event, "detail"), "configuration");
        configuration.put("description", alarm.alarmDescription());
        Map<String, Object> dimensions = new java.util.LinkedHashMap<>();
        alarm.dimensions().forEach(d -> dimensions.put(d.name(), d.value()));
        Map<String, Object> metric = new java.util.LinkedHashMap<>(Map.of("namespace", alarm.namespace(), "name", alarm.metricName(),
                "dimensions", dimensions));
        Map<String, Object> metricStat = new java.util.LinkedHashMap<>(Map.of("metric", metric, "period", alarm.period(),
                "stat", alarm.statisticAsString()));
        configuration.put("metrics", new ArrayList<>(List.of(new java.util.LinkedHashMap<>(Map.of("id", "m1", "metricStat", metricStat,
                "returnData", true)))));
        return TemplateJson.write(event);
    }

    /** The "Scheduled Event" of a function's schedule rule, from the sample under {@code events/<functionDir>/}. */
    String scheduledEvent(String functionDir, Instant time) {
        Map<String, Object> event = samples(eventsDir.resolve(functionDir)).stream()
                .filter(e -> "Scheduled Event".equals(e.get("detail-type"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Scheduled Event sample under " + eventsDir.resolve(functionDir)));
        renew(event, time);
        return TemplateJson.write(event);
    }

    /** The "EC2 Instance-launch/terminate Lifecycle Action" Auto Scaling sends when it holds an instance at a hook. */
    String lifecycleAction(String functionDir, boolean launch, String group, String hook, String instanceId, String token,
                           Instant time) {
        String detailType = launch ? "EC2 Instance-launch Lifecycle Action" : "EC2 Instance-terminate Lifecycle Action";
        Map<String, Object> event = samples(eventsDir.resolve(functionDir)).stream()
                .filter(e -> detailType.equals(e.get("detail-type"))).findFirst().map(TemplateJson::copy)
                .orElseThrow(() -> new IllegalStateException("no '" + detailType + "' sample under " + eventsDir.resolve(functionDir)));
        renew(event, time);
        Map<String, Object> detail = TemplateJson.map(event, "detail");
        detail.put("AutoScalingGroupName", group);
        detail.put("LifecycleHookName", hook);
        detail.put("EC2InstanceId", instanceId);
        detail.put("LifecycleActionToken", token);
        return TemplateJson.write(event);
    }

    /** The sample {@code events/<functionDir>/<file>} as delivered now: a new id and time, the shape unchanged. */
    String sampleEvent(String functionDir, String file, Instant time) {
        Object parsed;
        try {
            parsed = Json.parse(read(eventsDir.resolve(functionDir).resolve(file)));
        } catch (Json.MalformedJsonException e) {
            throw new IllegalStateException("sample " + file + " of " + functionDir + " is not JSON: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> event = TemplateJson.copy((Map<String, Object>) parsed);
        renew(event, time);
        return TemplateJson.write(event);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void renew(Map<String, Object> event, Instant time) {
        event.put("id", UUID.randomUUID().toString());
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    /** The function's sample of this detail-type for this alarm, else any for this alarm, else the first of the detail-type. */
    private Map<String, Object> sample(String functionDir, String detailType, String alarm) {
        List<Map<String, Object>> candidates = new ArrayList<>(samples(eventsDir.resolve(functionDir)));
        candidates.addAll(samples(eventsDir));
        candidates.removeIf(e -> !detailType.equals(e.get("detail-type")));
        return candidates.stream()
                .filter(e -> alarm.equals(TemplateJson.map(e, "detail").get("alarmName")))
                .findFirst()
                .or(() -> candidates.stream().findFirst())
                .map(TemplateJson::copy)
                .orElseThrow(() -> new IllegalStateException("no '" + detailType + "' sample under " + eventsDir));
    }

    private static List<Map<String, Object>> samples(Path dir) {
        List<Map<String, Object>> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    Object parsed = Json.parse(Files.readString(file));
                    if (parsed instanceof Map<?, ?> map && map.containsKey("detail-type")) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> typed = (Map<String, Object>) map;
                        events.add(typed);
                    }
                } catch (Json.MalformedJsonException notAnEvent) {
                    // env-vars files and the like
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }
}
