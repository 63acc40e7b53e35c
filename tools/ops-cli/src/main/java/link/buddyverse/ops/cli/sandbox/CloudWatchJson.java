package link.buddyverse.ops.cli.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The three CloudWatch calls the sandbox needs (PutMetricAlarm, SetAlarmState, DescribeAlarms), over
 * CloudWatch's JSON protocol, signed with SigV4. Why not the SDK's CloudWatch client: since 2.30 it speaks
 * only the Smithy RPCv2 CBOR protocol, which moto 5.2 answers with 404; moto does speak the JSON protocol
 * (the one botocore and the AWS CLI use).
 */
public final class CloudWatchJson {

    private static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";

    private final URI endpoint;
    private final String region;
    private final AwsBasicCredentials credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public CloudWatchJson(URI endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = AwsBasicCredentials.create(accessKey, secretKey);
    }

    /** PutMetricAlarm with the request as CloudFormation's AWS::CloudWatch::Alarm properties name it. */
    public void putMetricAlarm(Map<String, Object> request) {
        call("PutMetricAlarm", request);
    }

    /** What CloudWatch itself does when an alarm's evaluation crosses its threshold. */
    public void setAlarmState(String alarmName, String state, String reason, String reasonData) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("AlarmName", alarmName);
        request.put("StateValue", state);
        request.put("StateReason", reason);
        if (reasonData != null) {
            request.put("StateReasonData", reasonData);
        }
        call("SetAlarmState", request);
    }

    /** The named alarms (all when none named), each as CloudWatch describes it (AlarmName, StateValue...). */
    public List<Map<String, Object>> describeAlarms(List<String> alarmNames) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (!alarmNames.isEmpty()) {
            request.put("AlarmNames", alarmNames);
        }
        Object answer = call("DescribeAlarms", request);
        List<Map<String, Object>> alarms = new ArrayList<>();
        if (answer instanceof Map<?, ?> map && map.get("MetricAlarms") instanceof List<?> list) {
            for (Object alarm : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) alarm;
                alarms.add(typed);
            }
        }
        return alarms;
    }

    /** The dashboard's body (JSON text), or null when there is no such dashboard. */
    public String getDashboardBody(String dashboardName) {
        try {
            Object answer = call("GetDashboard", Map.of("DashboardName", dashboardName));
            return answer instanceof Map<?, ?> map && map.get("DashboardBody") != null ? String.valueOf(map.get("DashboardBody")) : null;
        } catch (IllegalStateException notFound) {
            return null;
        }
    }

    private Object call(String operation, Map<String, Object> request) {
        String body = TemplateJson.compact(request);
        URI uri = endpoint.resolve("/");
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                // Asks for the query protocol's error codes in JSON errors, as botocore does.
                .putHeader("x-amzn-query-mode", "true")
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setDoOutput(true);
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> connection.addRequestProperty(name, value));
                }
            });
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            String text = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            if (status >= 400) {
                throw new IllegalStateException("CloudWatch " + operation + " at " + endpoint + " answered " + status + ": "
                        + text.strip());
            }
            return text.isBlank() ? Map.of() : Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("CloudWatch " + operation + " at " + endpoint + " failed: " + e.getMessage(), e);
        } catch (Json.MalformedJsonException e) {
            throw new IllegalStateException("CloudWatch " + operation + " answered something that is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
