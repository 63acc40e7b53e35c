package link.buddyverse.ops.cli.sandbox;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.SetupException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops sandbox fault}: the running sandbox's gateway fails, slows or cuts calls on demand. */
@Command(name = "fault", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Make the running sandbox's AWS throttle, fail (HTTP 500), answer late or drop the connection,"
                + " for one operation of one service (the gateway in front of moto does it; local-aws/README.md)."},
        footerHeading = "%n",
        footer = {"Examples:",
                "  ./ops sandbox fault autoscaling SetDesiredCapacity --throttle --next 3",
                "  ./ops sandbox fault dynamodb '*' --delay 2s --fraction 0.5",
                "  ./ops sandbox fault cloudwatch GetMetricData --server-error --for 5m",
                "  ./ops sandbox fault --clear"})
class FaultCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @ParentCommand
    SandboxCommand sandbox;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "service: dynamodb, autoscaling, cloudwatch, efs, ssm, ec2, rds...")
    String service;

    @Parameters(index = "1", arity = "0..1", defaultValue = "*", description = "operation (default '*': every operation)")
    String operation;

    @ArgGroup(exclusive = true)
    Kind kind;

    static class Kind {
        @Option(names = "--throttle", description = "the service's own throttling error") boolean throttle;
        @Option(names = "--server-error", description = "HTTP 500") boolean serverError;
        @Option(names = "--delay", paramLabel = "DURATION", description = "answer late (500ms, 2s, 1m)") String delay;
        @Option(names = "--drop", description = "cut the connection half-way through the answer") boolean drop;
    }

    @ArgGroup(exclusive = true)
    Scope scope;

    static class Scope {
        @Option(names = "--next", paramLabel = "N", description = "the next N calls") Integer next;
        @Option(names = "--fraction", paramLabel = "P", description = "each call with probability P (0..1)") Double fraction;
        @Option(names = "--for", paramLabel = "DURATION", description = "every call for this long (30s, 5m)") String window;
    }

    @Option(names = "--clear", description = "remove every fault")
    boolean clear;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Optional<SandboxState> running = DetachedSandbox.running(sandbox.stateDir());
            if (running.isEmpty()) {
                throw new SetupException("no sandbox is running (start one with ./ops sandbox up)");
            }
            GatewayControl gateway = new GatewayControl(DetachedSandbox.endpoint(running.get()));
            if (clear) {
                gateway.clearFaults();
                err.println("ops: no faults from now on");
            } else {
                gateway.addFault(spec(service, operation, kind, scope));
                err.println("ops: " + gateway.status().get("faults"));
            }
            err.flush();
            return 0;
        } catch (SetupException e) {
            err.println("ops: " + e.getMessage());
            err.flush();
            return OpsCli.SETUP_ERROR;
        }
    }

    /** The gateway's fault specification ({@code POST /_local-aws/faults}). */
    static String spec(String service, String operation, Kind kind, Scope scope) {
        if (service == null || kind == null) {
            throw new SetupException("name a service (and an operation) and one of --throttle, --server-error, --delay"
                    + " DURATION, --drop; or --clear");
        }
        StringBuilder json = new StringBuilder("{\"service\":\"").append(service).append("\",\"operation\":\"")
                .append(operation).append("\",\"kind\":\"");
        if (kind.throttle) {
            json.append("throttle\"");
        } else if (kind.serverError) {
            json.append("server-error\"");
        } else if (kind.drop) {
            json.append("drop-connection\"");
        } else {
            json.append("delay\",\"delayMillis\":").append(duration(kind.delay).toMillis());
        }
        if (scope != null && scope.next != null) {
            json.append(",\"nextCalls\":").append(scope.next);
        } else if (scope != null && scope.fraction != null) {
            json.append(",\"fraction\":").append(scope.fraction);
        } else if (scope != null && scope.window != null) {
            json.append(",\"windowMillis\":").append(duration(scope.window).toMillis());
        }
        return json.append('}').toString();
    }

    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new SetupException("a duration is a number and ms, s, m or h (500ms, 2s, 5m), got " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
