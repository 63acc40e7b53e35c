package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EFS UpdateFileSystem ({@code PUT /2015-02-01/file-systems/{FileSystemId}}, moto answers 500), played against the
 * file systems moto holds, with AWS's rules (EFS API reference, UpdateFileSystem; EFS User Guide, throughput
 * modes): {@code ThroughputMode} bursting | provisioned | elastic, {@code provisioned} needs
 * {@code ProvisionedThroughputInMibps} (1 to 3414); a throughput mode change or a decrease of provisioned
 * throughput is allowed once in 24 hours (an increase at any time), else {@code 429 TooManyRequests} "... Wait
 * until <time> UTC and try again."; the file system must be {@code available}. The answer is the file system's
 * description (202); DescribeFileSystems shows the new mode from then on. The clock is {@link Played#clock}.
 */
public final class EfsThroughput implements PlayedOperation {

    static final Duration RESTRICTION = Duration.ofHours(24);
    static final double MAX_MIBPS = 3414;

    /** What a file system's throughput is now, and when it last changed in a restricted way. */
    public record Throughput(String mode, Double provisionedMibps, Instant lastRestrictedChange) {
    }

    private final Clock clock;
    private final Map<String, Throughput> changed = new ConcurrentHashMap<>();

    EfsThroughput(Clock clock) {
        this.clock = clock;
    }

    /** The throughput set through UpdateFileSystem, if any. */
    public Throughput of(String fileSystemId) {
        return changed.get(fileSystemId);
    }

    /** As if the file system's mode had been changed at {@code when} (to start a test inside the 24 hours). */
    public void changedAt(String fileSystemId, String mode, Double provisionedMibps, Instant when) {
        changed.put(fileSystemId, new Throughput(mode, provisionedMibps, when));
    }

    @Override
    public void reset() {
        changed.clear();
    }

    @Override
    public List<String> operations() {
        return List.of("efs:UpdateFileSystem", "efs:DescribeFileSystems (the updated throughput)");
    }

    @Override
    public Answer answer(Request request, Moto moto) {
        if (!request.service().equals("efs")) {
            return null;
        }
        if (request.operation().equals("DescribeFileSystems") && !changed.isEmpty()) {
            Answer answer = moto.forward(request);
            if (answer.status() != 200) {
                return answer;
            }
            JsonNode body = Json.parse(answer.body());
            body.path("FileSystems").forEach(fs -> overlay((ObjectNode) fs));
            return answer.withBody(Json.bytes(body));
        }
        if (!request.operation().equals("UpdateFileSystem")) {
            return null;
        }
        String id = request.efsFileSystemId();
        if (id.startsWith("arn:")) {
            id = id.substring(id.lastIndexOf('/') + 1);
        }
        Answer described = moto.rest("efs", request.region(), "GET", "/2015-02-01/file-systems?FileSystemId=" + id, null);
        if (described.status() != 200) {
            return described;
        }
        ObjectNode fileSystem = (ObjectNode) Json.parse(described.body()).path("FileSystems").path(0);
        if (!"available".equals(fileSystem.path("LifeCycleState").asText())) {
            return ErrorShapes.restJson(409, "IncorrectFileSystemLifeCycleState", "File system '" + id + "' is in "
                    + fileSystem.path("LifeCycleState").asText() + " state; it must be available.");
        }
        overlay(fileSystem);
        JsonNode update = request.json();
        String currentMode = fileSystem.path("ThroughputMode").asText("bursting");
        Double currentMibps = fileSystem.path("ProvisionedThroughputInMibps").isNumber()
                ? Double.valueOf(fileSystem.get("ProvisionedThroughputInMibps").asDouble()) : null;
        String mode = update.hasNonNull("ThroughputMode") ? update.get("ThroughputMode").asText() : currentMode;
        Double mibps = update.hasNonNull("ProvisionedThroughputInMibps") ? Double.valueOf(update.get("ProvisionedThroughputInMibps").asDouble())
                : mode.equals("provisioned") && currentMode.equals("provisioned") ? currentMibps : null;
        if (!List.of("bursting", "provisioned", "elastic").contains(mode)) {
            return ErrorShapes.restJson(400, "BadRequest", "Invalid ThroughputMode: " + mode);
        }
        if (mode.equals("provisioned") && mibps == null) {
            return ErrorShapes.restJson(400, "BadRequest",
                    "ProvisionedThroughputInMibps is required when ThroughputMode is provisioned.");
        }
        if (!mode.equals("provisioned") && update.hasNonNull("ProvisionedThroughputInMibps")) {
            return ErrorShapes.restJson(400, "BadRequest",
                    "ProvisionedThroughputInMibps can only be set when ThroughputMode is provisioned.");
        }
        if (mibps != null && mibps < 1) {
            return ErrorShapes.restJson(400, "BadRequest", "ProvisionedThroughputInMibps must be at least 1.0.");
        }
        if (mibps != null && mibps > MAX_MIBPS) {
            return ErrorShapes.restJson(400, "ThroughputLimitExceeded", "The throughput limit of " + (int) MAX_MIBPS
                    + " MiB/s has been reached.");
        }
        boolean modeChange = !mode.equals(currentMode);
        boolean decrease = !modeChange && mode.equals("provisioned") && currentMibps != null && mibps < currentMibps;
        Instant now = clock.instant();
        Throughput before = changed.get(id);
        Instant last = before == null ? null : before.lastRestrictedChange();
        if ((modeChange || decrease) && last != null && now.isBefore(last.plus(RESTRICTION))) {
            String until = DateTimeFormatter.ISO_INSTANT.format(last.plus(RESTRICTION).truncatedTo(ChronoUnit.SECONDS));
            return ErrorShapes.restJson(429, "TooManyRequests", "You have reached the maximum number of throughput mode"
                    + " changes or provisioned throughput value decreases. Wait until " + until + " UTC and try again.");
        }
        // Switching to provisioned or changing its amount also starts the 24 hours for a later decrease or switch.
        Instant restricted = modeChange || decrease || mode.equals("provisioned") ? now : last;
        changed.put(id, new Throughput(mode, mode.equals("provisioned") ? mibps : null, restricted));
        overlay(fileSystem);
        return Answer.of(202, "application/json", Json.bytes(fileSystem));
    }

    private void overlay(ObjectNode fileSystem) {
        Throughput throughput = changed.get(fileSystem.path("FileSystemId").asText());
        if (throughput == null) {
            return;
        }
        fileSystem.put("ThroughputMode", throughput.mode());
        if (throughput.provisionedMibps() == null) {
            fileSystem.remove("ProvisionedThroughputInMibps");
        } else {
            fileSystem.put("ProvisionedThroughputInMibps", throughput.provisionedMibps());
        }
    }
}
