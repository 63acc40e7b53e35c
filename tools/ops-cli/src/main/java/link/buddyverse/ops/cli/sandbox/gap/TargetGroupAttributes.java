package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * moto's CloudFormation ignores a target group's TargetGroupAttributes (stickiness, algorithm, deregistration
 * delay stay at their defaults). The sandbox sets them with ModifyTargetGroupAttributes once the stack exists.
 */
public final class TargetGroupAttributes implements MotoGap {

    @Override
    public String subject() {
        return "AWS::ElasticLoadBalancingV2::TargetGroup TargetGroupAttributes";
    }

    @Override
    public String description() {
        return "moto ignores TargetGroupAttributes (stickiness, algorithm...): set with ModifyTargetGroupAttributes after the stack.";
    }

    @Override
    public void afterStack(Deployment deployment) {
        for (String id : deployment.resourcesOfType(ElbV2Attributes.TARGET_GROUP)) {
            Object declared = deployment.values().evaluate(deployment.properties(id).get("TargetGroupAttributes"));
            List<TargetGroupAttribute> attributes = new ArrayList<>();
            for (Object attribute : TemplateJson.list(declared)) {
                Map<?, ?> pair = (Map<?, ?>) attribute;
                attributes.add(TargetGroupAttribute.builder().key(String.valueOf(pair.get("Key")))
                        .value(String.valueOf(pair.get("Value"))).build());
            }
            if (attributes.isEmpty()) {
                continue;
            }
            String arn = deployment.physicalId(id);
            deployment.clients().loadBalancing().modifyTargetGroupAttributes(b -> b.targetGroupArn(arn).attributes(attributes));
            deployment.fill(id + ": " + attributes.size() + " target group attributes set ("
                    + String.join(", ", attributes.stream().map(a -> a.key() + "=" + a.value()).toList()) + ")");
        }
    }
}
