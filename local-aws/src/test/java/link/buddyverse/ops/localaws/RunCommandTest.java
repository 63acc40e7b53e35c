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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

@ExtendWith(LocalMoto.class)
class RunCommandTest {

    @Test
    void aScriptedInstanceAnswersWithItsOutputStatusAndDelay(Gateway gateway) {
        List<String> managed = Instances.managed(gateway, 2);
        String first = managed.get(0);
        String second = managed.get(1);
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        gateway.played().clock(Clock.fixed(start, ZoneOffset.UTC));
        gateway.played().runCommand()
                .script(first, RunCommand.Script.success("apache2 restarted\n").after(Duration.ofSeconds(5)))
                .script(second, RunCommand.Script.failed("Job for apache2.service failed", 1));
        try (SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            String id = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(first, second)
                    .parameters(Map.of("commands", List.of("systemctl restart apache2")))).command().commandId();

            GetCommandInvocationResponse running = ssm.getCommandInvocation(r -> r.commandId(id).instanceId(first));
            assertThat(running.status()).isEqualTo(CommandInvocationStatus.IN_PROGRESS);
            GetCommandInvocationResponse failed = ssm.getCommandInvocation(r -> r.commandId(id).instanceId(second));
            assertThat(failed.status()).isEqualTo(CommandInvocationStatus.FAILED);
            assertThat(failed.responseCode()).isEqualTo(1);
            assertThat(failed.standardErrorContent()).isEqualTo("Job for apache2.service failed");

            gateway.played().clock(Clock.fixed(start.plusSeconds(5), ZoneOffset.UTC));
            GetCommandInvocationResponse done = ssm.getCommandInvocation(r -> r.commandId(id).instanceId(first));
            assertThat(done.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
            assertThat(done.standardOutputContent()).isEqualTo("apache2 restarted\n");
            assertThat(done.responseCode()).isZero();
        }
        assertThat(gateway.played().runCommand().sent()).singleElement()
                .satisfies(c -> assertThat(c.parameters().path("commands").get(0).asText()).isEqualTo("systemctl restart apache2"));
    }

    @Test
    void timedOutAndUnregisteredInstancesAndUnscriptedCommandsGoToMoto(Gateway gateway) {
        List<String> managed = Instances.managed(gateway, 3);
        gateway.played().runCommand().script(managed.get(0), RunCommand.Script.timedOut()).unregistered(managed.get(1));
        try (SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            String id = ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(managed.get(0))).command().commandId();
            GetCommandInvocationResponse timedOut = ssm.getCommandInvocation(r -> r.commandId(id).instanceId(managed.get(0)));
            assertThat(timedOut.status()).isEqualTo(CommandInvocationStatus.TIMED_OUT);
            assertThat(timedOut.statusDetails()).isEqualTo("ExecutionTimedOut");

            assertThatThrownBy(() -> ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(managed.get(1))))
                    .isInstanceOf(InvalidInstanceIdException.class);

            ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(managed.get(2)));
        }
        assertThat(gateway.calls().of("ssm", "SendCommand")).extracting(Call::handledBy).containsExactly("played", "played", "moto");
    }

    @Test
    void anInstanceWithoutAManagedProfileIsRefusedWithInvalidInstanceIdScriptedOrNot(Gateway gateway) {
        String bare = Instances.unmanaged(gateway, 1).get(0);
        gateway.played().runCommand().script(bare, RunCommand.Script.success("READY"));
        try (SsmClient ssm = Clients.of(SsmClient.builder(), gateway)) {
            assertThatThrownBy(() -> ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds(bare)))
                    .isInstanceOf(InvalidInstanceIdException.class).hasMessageContaining(bare);
            assertThatThrownBy(() -> ssm.sendCommand(r -> r.documentName("AWS-RunShellScript").instanceIds("i-0000000000000dead")))
                    .isInstanceOf(InvalidInstanceIdException.class);
        }
        assertThat(gateway.played().runCommand().managedNodes().whyNotManaged(bare, LocalMoto.REGION))
                .hasValue(bare + " has no instance profile");
        assertThat(gateway.played().runCommand().sent()).isEmpty();
    }

    @Test
    void aProfileWhoseRoleLacksTheSsmCorePolicyDoesNotMakeAManagedNode(Gateway gateway) {
        ManagedNodes nodes = gateway.played().runCommand().managedNodes();
        String instance = Instances.managed(gateway, 1).get(0);
        assertThat(nodes.whyNotManaged(instance, LocalMoto.REGION)).isEmpty();

        String other = Instances.unmanaged(gateway, 1).get(0);
        try (Ec2Client ec2 = Clients.of(Ec2Client.builder(), gateway)) {
            String profile = nodes.createManagedProfile("no-ssm");
            gateway.moto().query("iam", "us-east-1", Map.of("Action", "DetachRolePolicy", "Version", "2010-05-08",
                    "RoleName", "no-ssm", "PolicyArn", ManagedNodes.SSM_CORE_POLICY));
            ec2.associateIamInstanceProfile(b -> b.instanceId(other).iamInstanceProfile(p -> p.arn(profile)));
        }
        assertThat(nodes.whyNotManaged(other, LocalMoto.REGION)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("does not have AmazonSSMManagedInstanceCore");
    }
}
