package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSM Run Command as a test or a drill scripts it per instance (moto reports every command a success with no
 * output). A command sent to at least one scripted instance is played: SendCommand answers {@code Pending} with a
 * command id, and GetCommandInvocation answers {@code InProgress} until the script's delay has passed, then its
 * status ({@code Success}, {@code Failed}, {@code TimedOut}, or {@code InProgress} for ever), output, error output
 * and response code. As in AWS, a command reaches only managed nodes: an instance moto does not record with an
 * instance profile whose role has AmazonSSMManagedInstanceCore ({@link ManagedNodes}) is refused with
 * {@code InvalidInstanceId}, scripted or not; so is an instance marked {@link #unregistered} (a managed node whose
 * agent has not registered yet). A command none of whose instances is scripted then goes to moto. Within a played
 * command an unscripted instance succeeds with no output. The clock is {@link Played#clock}.
 */
public final class RunCommand implements PlayedOperation {

    /** What one instance's invocation does. */
    public record Script(String status, String output, String error, int responseCode, Duration delay) {

        public static Script success(String output) {
            return new Script("Success", output, "", 0, Duration.ZERO);
        }

        public static Script failed(String error, int responseCode) {
            return new Script("Failed", "", error, responseCode, Duration.ZERO);
        }

        /** The command ran past its execution timeout. */
        public static Script timedOut() {
            return new Script("TimedOut", "", "", -1, Duration.ZERO);
        }

        /** The command never finishes. */
        public static Script inProgress() {
            return new Script("InProgress", "", "", -1, Duration.ZERO);
        }

        /** The same, completing only {@code delay} after SendCommand. */
        public Script after(Duration newDelay) {
            return new Script(status, output, error, responseCode, newDelay);
        }

        public Script withOutput(String newOutput) {
            return new Script(status, newOutput, error, responseCode, delay);
        }
    }

    /** A command the gateway played. */
    public record Command(String commandId, String documentName, JsonNode parameters, List<String> instanceIds,
                          Instant requested, Map<String, Script> scripts) {
    }

    private final Clock clock;
    private final ManagedNodes managedNodes;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final Map<String, Command> commands = new ConcurrentHashMap<>();
    private final List<Command> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    RunCommand(Clock clock, Moto moto) {
        this.clock = clock;
        this.managedNodes = new ManagedNodes(moto);
    }

    /** Which instances are managed nodes, and what makes one (an instance profile for tests to create). */
    public ManagedNodes managedNodes() {
        return managedNodes;
    }

    /** From now on, a command sent to {@code instanceId} does what {@code script} says. */
    public RunCommand script(String instanceId, Script script) {
        scripts.put(instanceId, script);
        unregistered.remove(instanceId);
        return this;
    }

    /**
     * The agent on {@code instanceId} has not registered yet (a managed node a moment after boot): SendCommand is
     * refused with InvalidInstanceId until it is scripted.
     */
    public RunCommand unregistered(String instanceId) {
        unregistered.add(instanceId);
        scripts.remove(instanceId);
        return this;
    }

    /** The commands played so far, in order. */
    public List<Command> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void reset() {
        scripts.clear();
        unregistered.clear();
        commands.clear();
        sent.clear();
    }

    @Override
    public List<String> operations() {
        return List.of("ssm:SendCommand (managed nodes only; scripted instances)", "ssm:GetCommandInvocation (scripted instances)",
                "ssm:DescribeInstanceInformation (the managed nodes among the InstanceIds filter)");
    }

    @Override
    public Answer answer(Request request, Moto moto) {
        if (!request.service().equals("ssm")) {
            return null;
        }
        return switch (request.operation()) {
            case "SendCommand" -> send(request);
            case "GetCommandInvocation" -> invocation(request);
            case "DescribeInstanceInformation" -> managedNodes(request);
            default -> null;
        };
    }

    private Answer send(Request request) {
        JsonNode body = request.json();
        List<String> instances = new ArrayList<>();
        body.path("InstanceIds").forEach(id -> instances.add(id.asText()));
        for (String instance : instances) {
            // AWS says no more than this, whether the agent is late or the instance can never be a managed node.
            if (unregistered.contains(instance) || managedNodes.whyNotManaged(instance, request.region()).isPresent()) {
                return ErrorShapes.json(request, 400, "InvalidInstanceId", "InvalidInstanceId", "Sender",
                        "Instances [[" + instance + "]] not in a valid state for account 123456789012");
            }
        }
        if (instances.stream().noneMatch(scripts::containsKey)) {
            return null;
        }
        Map<String, Script> chosen = new java.util.LinkedHashMap<>();
        instances.forEach(id -> chosen.put(id, scripts.getOrDefault(id, Script.success(""))));
        Instant now = clock.instant();
        Command command = new Command(UUID.randomUUID().toString(), body.path("DocumentName").asText(),
                body.path("Parameters"), instances, now, chosen);
        commands.put(command.commandId(), command);
        sent.add(command);

        ObjectNode answer = Json.object();
        ObjectNode description = answer.putObject("Command");
        description.put("CommandId", command.commandId());
        description.put("DocumentName", command.documentName());
        description.put("DocumentVersion", body.path("DocumentVersion").asText("$DEFAULT"));
        description.put("Comment", body.path("Comment").asText(""));
        long timeout = body.path("TimeoutSeconds").asLong(3600);
        description.put("ExpiresAfter", now.plusSeconds(timeout).getEpochSecond());
        description.set("Parameters", body.path("Parameters").isMissingNode() ? Json.object() : body.get("Parameters"));
        ArrayNode ids = description.putArray("InstanceIds");
        instances.forEach(ids::add);
        description.putArray("Targets");
        description.put("RequestedDateTime", now.toEpochMilli() / 1000.0);
        description.put("Status", "Pending");
        description.put("StatusDetails", "Pending");
        description.put("MaxConcurrency", body.path("MaxConcurrency").asText("50"));
        description.put("MaxErrors", body.path("MaxErrors").asText("0"));
        description.put("TargetCount", instances.size());
        description.put("CompletedCount", 0);
        description.put("ErrorCount", 0);
        description.put("DeliveryTimedOutCount", 0);
        description.put("TimeoutSeconds", timeout);
        return Answer.of(200, "application/x-amz-json-1.1", Json.bytes(answer));
    }

    /**
     * The managed nodes among the instances a DescribeInstanceInformation filter names ({@code Filters} key
     * {@code InstanceIds}, or {@code InstanceInformationFilterList} key {@code InstanceIds}); an instance that is not
     * one is not listed, as SSM lists none it does not manage. Without such a filter, moto answers.
     */
    private Answer managedNodes(Request request) {
        List<String> ids = new ArrayList<>();
        request.json().path("Filters").forEach(f -> {
            if ("InstanceIds".equals(f.path("Key").asText())) {
                f.path("Values").forEach(v -> ids.add(v.asText()));
            }
        });
        request.json().path("InstanceInformationFilterList").forEach(f -> {
            if ("InstanceIds".equals(f.path("key").asText())) {
                f.path("valueSet").forEach(v -> ids.add(v.asText()));
            }
        });
        if (ids.isEmpty()) {
            return null;
        }
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("InstanceInformationList");
        for (String id : ids) {
            if (!unregistered.contains(id) && managedNodes.whyNotManaged(id, request.region()).isEmpty()) {
                ObjectNode node = list.addObject();
                node.put("InstanceId", id);
                node.put("PingStatus", "Online");
                node.put("ResourceType", "EC2Instance");
                node.put("PlatformType", "Linux");
                node.put("PlatformName", "Amazon Linux");
                node.put("AgentVersion", "3.3.0.0");
                node.put("LastPingDateTime", clock.instant().toEpochMilli() / 1000.0);
            }
        }
        return Answer.of(200, "application/x-amz-json-1.1", Json.bytes(answer));
    }

    private Answer invocation(Request request) {
        String commandId = request.json().path("CommandId").asText();
        String instanceId = request.json().path("InstanceId").asText();
        Command command = commands.get(commandId);
        if (command == null) {
            return null;
        }
        Script script = command.scripts().get(instanceId);
        if (script == null) {
            return ErrorShapes.json(request, 400, "InvocationDoesNotExist", "InvocationDoesNotExist", "Sender",
                    "An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation");
        }
        Instant now = clock.instant();
        Instant done = command.requested().plus(script.delay());
        boolean finished = !script.status().equals("InProgress") && !now.isBefore(done);
        ObjectNode answer = Json.object();
        answer.put("CommandId", commandId);
        answer.put("InstanceId", instanceId);
        answer.put("Comment", "");
        answer.put("DocumentName", command.documentName());
        answer.put("DocumentVersion", "$DEFAULT");
        answer.put("PluginName", command.documentName().equals("AWS-RunPowerShellScript") ? "aws:runPowerShellScript" : "aws:runShellScript");
        answer.put("ResponseCode", finished ? script.responseCode() : -1);
        answer.put("ExecutionStartDateTime", stamp(command.requested()));
        answer.put("ExecutionElapsedTime", finished ? elapsed(script.delay()) : elapsed(Duration.between(command.requested(), now)));
        answer.put("ExecutionEndDateTime", finished ? stamp(done) : "");
        answer.put("Status", finished ? script.status() : "InProgress");
        answer.put("StatusDetails", !finished ? "InProgress" : script.status().equals("TimedOut") ? "ExecutionTimedOut" : script.status());
        answer.put("StandardOutputContent", finished ? script.output() : "");
        answer.put("StandardOutputUrl", "");
        answer.put("StandardErrorContent", finished ? script.error() : "");
        answer.put("StandardErrorUrl", "");
        ObjectNode cloudWatch = answer.putObject("CloudWatchOutputConfig");
        cloudWatch.put("CloudWatchLogGroupName", "");
        cloudWatch.put("CloudWatchOutputEnabled", false);
        return Answer.of(200, "application/x-amz-json-1.1", Json.bytes(answer));
    }

    private static String stamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String elapsed(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return String.format("PT%d.%03dS", seconds, duration.toMillisPart());
    }
}
