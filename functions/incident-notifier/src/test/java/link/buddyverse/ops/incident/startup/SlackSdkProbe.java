package link.buddyverse.ops.incident.startup;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * What Slack's SDK costs a fresh JVM: the same chat.postMessage (a header and a section) sent through the SDK
 * ({@code sdk}), built with the SDK's Block Kit model but sent with the JDK's HttpURLConnection ({@code model}),
 * or as hand-written JSON over HttpURLConnection ({@code plain}). Prints {@code PROBE <ms>}: from main to the
 * answer. Usage: {@code java -cp <incident-notifier.jar>:<these classes> ...SlackSdkProbe <mode> <api url>}.
 */
public final class SlackSdkProbe {

    private SlackSdkProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String api = args[1];
        String token = "xoxb-000000000000-1111111111111-StandInTokenDoNotLog";
        int status;
        switch (args[0]) {
            case "sdk" -> {
                SlackConfig config = new SlackConfig();
                config.setStatsEnabled(false);
                config.setHttpClientResponseHandlers(List.of());
                config.setMethodsEndpointUrlPrefix(api);
                var response = Slack.getInstance(config).methods(token).chatPostMessage(r -> r.channel("#buddy-ops")
                        .text("probe").blocks(blocks()));
                status = response.isOk() ? 200 : 500;
            }
            case "model" -> status = post(api, token, GsonFactory.createSnakeCase().toJson(blocks()));
            case "plain" -> status = post(api, token, "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Probe\"}},"
                    + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*In ALARM* since 08:00 UTC\"}}]");
            default -> throw new IllegalArgumentException("mode: sdk, model or plain");
        }
        System.out.println("PROBE " + (System.nanoTime() - start) / 1e6 + " " + status);
        System.exit(0);
    }

    private static List<LayoutBlock> blocks() {
        return List.of(header(h -> h.text(plainText("Probe"))),
                section(s -> s.text(markdownText("*In ALARM* since 08:00 UTC"))));
    }

    private static int post(String api, String token, String blocks) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(api + "chat.postMessage").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        String form = "channel=" + URLEncoder.encode("#buddy-ops", StandardCharsets.UTF_8) + "&text=probe&blocks="
                + URLEncoder.encode(blocks, StandardCharsets.UTF_8);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        connection.getInputStream().readAllBytes();
        return status;
    }
}
