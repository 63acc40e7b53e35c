package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

@ExtendWith(LocalMoto.class)
class RunCommandTest {

    @Test
    void aScriptedInstanceAnswersWithItsOutputStatusAndDelay(Gateway gateway) {
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        gateway.played().clock(Clock.fixed(start, ZoneOffset.UTC));
        gateway.played().runCommand()
                .script("i-0aaa", RunCommand.Script.success("apache2 restarted\n").after(Duration.ofSeconds(5)))
                .script("i-0bbb", RunCommand.Script.failed("Job for apache2.service failed", 1));
        try (SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            String id = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds("i-0aaa", "i-0bbb")
                    .parameters(Map.of("commands", List.of("systemctl restart apache2")))).command().commandId();

            GetCommandInvocationResponse running = ssm.getCommandInvocation(r -> r.commandId(id).instanceId("i-0aaa"));
            assertThat(running.status()).isEqualTo(CommandInvocationStatus.IN_PROGRESS);
            GetCommandInvocationResponse failed = ssm.getCommandInvocation(r -> r.commandId(id).instanceId("i-0bbb"));
            assertThat(failed.status()).isEqualTo(CommandInvocationStatus.FAILED);
            assertThat(failed.responseCode()).isEqualTo(1);
            assertThat(failed.standardErrorContent()).isEqualTo("Job for apache2.service failed");

            gateway.played().clock(Clock.fixed(start.plusSeconds(5), ZoneOffset.UTC));
            GetCommandInvocationResponse done = ssm.getCommandInvocation(r -> r.commandId(id).instanceId("i-0aaa"));
            assertThat(done.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
            assertThat(done.standardOutputContent()).isEqualTo("apache2 restarted\n");
            assertThat(done.responseCode()).isZero();
        }
        assertThat(gateway.played().runCommand().sent()).singleElement()
                .satisfies(c -> assertThat(c.parameters().path("commands").get(0).asText()).isEqualTo("systemctl restart apache2"));
    }

    @Test
    void timedOutAndUnregisteredInstancesAndUnscriptedCommandsGoToMoto(Gateway gateway) {
        gateway.played().runCommand().script("i-0ccc", RunCommand.Script.timedOut()).unregistered("i-0ddd");
        try (SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            String id = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds("i-0ccc")).command().commandId();
            GetCommandInvocationResponse timedOut = ssm.getCommandInvocation(r -> r.commandId(id).instanceId("i-0ccc"));
            assertThat(timedOut.status()).isEqualTo(CommandInvocationStatus.TIMED_OUT);
            assertThat(timedOut.statusDetails()).isEqualTo("ExecutionTimedOut");

            assertThatThrownBy(() -> ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds("i-0ddd")))
                    .isInstanceOf(InvalidInstanceIdException.class);

            ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds("i-0eee"));
        }
        assertThat(gateway.calls().of("ssm", "SendCommand")).extracting(Call::handledBy).containsExactly("played", "played", "moto");
    }
}
