package link.buddyverse.ops.cli.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.CliRun;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.sandbox.Sandbox;
import link.buddyverse.ops.cli.sandbox.SandboxStacks;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * ./ops preflight against a sandbox: a clean one (its alarms' metrics reported, the rotator's parameter written)
 * passes with exit 0; too few Slack scopes are found; then a broken dimension, a missing zone (a core stack exporting
 * a zone that does not exist) and a bad token are each found, with a fix, exit 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightCommandTest {

    @TempDir
    static Path workDir;

    static Sandbox sandbox;
    static SandboxStacks stacks;
    static Path envVars;

    @BeforeAll
    static void aCleanSandbox() {
        sandbox = Sandbox.start(System.getenv(), workDir);
        stacks = sandbox.deploy(SampleEvents.repositoryRoot());
        envVars = sandbox.writeEnvVars("env.json", Map.of());
        // What AWS does by itself once the stacks run: every alarmed metric is published, the rotator writes its parameter.
        for (MetricAlarm alarm : sandbox.clients().cloudWatch().describeAlarms(b -> b.alarmNamePrefix("Buddy-")).metricAlarms()) {
            if (alarm.namespace() != null && !alarm.dimensions().isEmpty()) {
                MetricDatum datum = MetricDatum.builder().metricName(alarm.metricName()).value(0.0)
                        .dimensions(alarm.dimensions().stream().map(d -> software.amazon.awssdk.services.cloudwatch.model.Dimension.builder()
                                .name(d.name()).value(d.value()).build()).toList()).build();
                sandbox.clients().cloudWatch().putMetricData(b -> b.namespace(alarm.namespace()).metricData(datum));
            }
        }
        try (PreflightClients clients = new PreflightClients(sandbox.endpoint(), null, Sandbox.REGION)) {
            clients.build(SsmClient.builder()).putParameter(b -> b.name("/buddyverse/db/read-endpoints").type("String")
                    .value("{\"endpoints\":[]}"));
        }
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static final String BROKEN_CORE = "buddyverse-core-without-zone";

    private static CliRun preflight(String token, String... more) {
        List<String> args = new ArrayList<>(List.of("preflight", "-n", envVars.toString(), "--slack-token", token,
                "--slack-api-url", sandbox.slack().apiUrl()));
        args.addAll(List.of(more));
        return CliRun.of(new OpsCli(Map.of("AWS_ENDPOINT_URL", sandbox.endpoint().toString(), "AWS_REGION", Sandbox.REGION,
                "PATH", System.getenv("PATH"))), args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void aCleanSandboxHasNothingToFindAndExitsZero() {
        CliRun run = preflight(sandbox.slack().token());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("ok    managed nodes: the 2 instances of Buddy-AutoScaling-Group are SSM managed nodes")
                .contains("ok    alarm dimensions").contains("ok    zone: ").contains("ok    parameters: /buddyverse/db/read-endpoints exists")
                .contains("ok    slack: the bot token authenticates").contains("ok    dead letters: ").contains("DeadLetterQueue empty")
                .contains("ok    function parameters: the ").contains("preflight: nothing found");
    }

    @Test
    @Order(2)
    void tooFewSlackScopesAreFoundWithTheOnesMissing() {
        sandbox.slack().scopes(List.of("chat:write"));
        try {
            CliRun run = preflight(sandbox.slack().token());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("FOUND slack: the bot token lacks channels:history, groups:history, channels:read, groups:read");
        } finally {
            sandbox.slack().scopes(link.buddyverse.ops.localslack.SlackStandIn.NOTIFIER_SCOPES);
        }
    }

    @Test
    @Order(3)
    void aBrokenDimensionAMissingZoneAndABadTokenAreEachFoundWithTheirFixAndExitNonZero() {
        MetricAlarm unhealthy = sandbox.clients().cloudWatch().describeAlarms(b -> b.alarmNames("Buddy-Unhealthy-Hosts")).metricAlarms().get(0);
        List<software.amazon.awssdk.services.cloudwatch.model.Dimension> broken = new ArrayList<>();
        unhealthy.dimensions().forEach(d -> broken.add(d.name().equals("TargetGroup")
                ? d.toBuilder().value("targetgroup/Buddy-LoadBalance-TargetGroup/0123456789abcdef").build() : d));
        sandbox.clients().cloudWatch().putMetricAlarm(b -> b.alarmName(unhealthy.alarmName()).namespace(unhealthy.namespace())
                .metricName(unhealthy.metricName()).dimensions(broken).statistic(unhealthy.statistic()).period(unhealthy.period())
                .evaluationPeriods(unhealthy.evaluationPeriods()).threshold(unhealthy.threshold())
                .comparisonOperator(unhealthy.comparisonOperator()));
        // The zone is missing: a core stack like buddyverse-core whose exported zone does not exist (moto will not delete
        // the real one: it lists the record CloudFormation made without the value its DELETE must carry).
        String missingZone = "Z0000000000000NOSUCHZONE";
        StringBuilder outputs = new StringBuilder();
        stacks.core().outputs().forEach((name, value) -> outputs.append(outputs.length() == 0 ? "" : ",").append("\"").append(name)
                .append("\":{\"Value\":\"").append(name.equals("PrivateHostedZoneId") ? missingZone : value)
                .append("\",\"Export\":{\"Name\":\"").append(BROKEN_CORE).append("-").append(name).append("\"}}"));
        sandbox.clients().cloudFormation().createStack(b -> b.stackName(BROKEN_CORE).templateBody(
                "{\"Resources\":{\"Placeholder\":{\"Type\":\"AWS::SQS::Queue\"}},\"Outputs\":{" + outputs + "}}"));

        CliRun run = preflight("xoxb-not-the-bots-token", "--core-stack", BROKEN_CORE);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("FOUND alarm dimensions: alarm Buddy-Unhealthy-Hosts watches AWS/ApplicationELB UnHealthyHostCount of")
                .contains("targetgroup/Buddy-LoadBalance-TargetGroup/0123456789abcdef")
                .contains("FOUND zone: the private zone " + missingZone + " that " + BROKEN_CORE + " exports does not exist")
                .contains("FOUND slack: the bot token of the token given does not authenticate (auth.test: invalid_auth)")
                .contains("fix: give it the dimension values the core stack exports").contains("fix: restore the zone with the core stack")
                .contains("fix: put a valid bot token")
                // The ops stack imports from the real core stack, whose zone the rotator was given: both told too.
                .contains("FOUND stacks: buddyverse-ops imports from buddyverse-core, not " + BROKEN_CORE)
                .contains("FOUND function parameters: ReplicaRotatorFunction REPLICA_HOSTED_ZONE_ID is '");
    }
}
