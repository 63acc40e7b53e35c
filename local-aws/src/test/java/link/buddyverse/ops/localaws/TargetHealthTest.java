package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

@ExtendWith(LocalMoto.class)
class TargetHealthTest {

    @Test
    void aMarkedTargetIsReportedUnhealthyUntilCleared(Gateway gateway) {
        try (Ec2Client ec2 = Clients.of(Ec2Client.builder(), gateway);
             ElasticLoadBalancingV2Client elb = Clients.of(ElasticLoadBalancingV2Client.builder(), gateway)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            String ami = ec2.describeImages().images().get(0).imageId();
            var instances = ec2.runInstances(r -> r.imageId(ami).minCount(2).maxCount(2)).instances();
            String arn = elb.createTargetGroup(r -> r.name("Buddy-TG").protocol("HTTP").port(80).vpcId(vpc))
                    .targetGroups().get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(arn).targets(t -> t.id(instances.get(0).instanceId()),
                    t -> t.id(instances.get(1).instanceId())));
            String sick = instances.get(0).instanceId();

            gateway.played().targetHealth().markUnhealthy(sick);
            var health = elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions();
            assertThat(health).filteredOn(d -> d.target().id().equals(sick)).singleElement().satisfies(d -> {
                assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNHEALTHY);
                assertThat(d.targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");
            });
            assertThat(health).filteredOn(d -> !d.target().id().equals(sick))
                    .extracting(d -> d.targetHealth().state()).containsExactly(TargetHealthStateEnum.HEALTHY);

            gateway.played().targetHealth().clear(sick);
            assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions())
                    .extracting(TargetHealthDescription::targetHealth).extracting(h -> h.state()).containsOnly(TargetHealthStateEnum.HEALTHY);
        }
    }
}
