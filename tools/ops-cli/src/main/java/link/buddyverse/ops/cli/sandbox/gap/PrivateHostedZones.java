package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;

/**
 * moto's CloudFormation creates every AWS::Route53::HostedZone public and ignores its VPCs, and Route 53 refuses
 * to associate a VPC with a public zone afterwards. The sandbox creates a zone that has VPCs before the stack, as
 * a private zone (Route 53 wants a VPC at creation: the account's default VPC stands in), submits its id in place
 * of the Ref, and after the stack associates the template's VPCs and lets the default VPC go.
 */
public final class PrivateHostedZones implements MotoGap {

    static final String TYPE = "AWS::Route53::HostedZone";

    @Override
    public String subject() {
        return TYPE + " with VPCs (a private zone)";
    }

    @Override
    public String description() {
        return "moto makes every zone from CloudFormation public and ignores VPCs: a zone with VPCs is created before the"
                + " stack as a private zone (in the default VPC), its id submitted in place of the Ref; after the stack"
                + " its VPCs are associated and the default VPC disassociated.";
    }

    private static boolean isPrivate(Deployment deployment, String id) {
        return !TemplateJson.list(deployment.properties(id).get("VPCs")).isEmpty();
    }

    @Override
    public void beforeStack(Deployment deployment) {
        StackValues values = deployment.values();
        String defaultVpc = null;
        for (String id : deployment.resourcesOfType(TYPE)) {
            if (!isPrivate(deployment, id)) {
                continue;
            }
            if (defaultVpc == null) {
                defaultVpc = deployment.clients().ec2().describeVpcs(b -> b.filters(Filter.builder().name("is-default")
                        .values("true").build())).vpcs().get(0).vpcId();
            }
            Map<String, Object> properties = deployment.properties(id);
            String name = values.text(properties.get("Name"));
            Object config = values.evaluate(properties.get("HostedZoneConfig"));
            String comment = config instanceof Map<?, ?> c && c.get("Comment") != null ? String.valueOf(c.get("Comment")) : null;
            String vpc = defaultVpc;
            CreateHostedZoneResponse created = deployment.clients().route53().createHostedZone(b -> b.name(name)
                    .callerReference(deployment.stackName() + "-" + id + "-" + UUID.randomUUID())
                    .hostedZoneConfig(c -> c.privateZone(true).comment(comment))
                    .vpc(v -> v.vpcId(vpc).vpcRegion(values.region())));
            String zoneId = created.hostedZone().id().replace("/hostedzone/", "");
            deployment.createdBySandbox(id, zoneId);
            deployment.fill(id + " (" + TYPE + "): created through Route 53 as private zone " + name + " (" + zoneId + ")");
        }
        deployment.setNote(PrivateHostedZones.class, defaultVpc);
    }

    @Override
    public void afterStack(Deployment deployment) {
        StackValues values = deployment.values();
        String defaultVpc = deployment.note(PrivateHostedZones.class);
        for (String id : deployment.resourcesOfType(TYPE)) {
            if (!isPrivate(deployment, id)) {
                continue;
            }
            String zoneId = deployment.filledResources().get(id);
            List<String> associated = new ArrayList<>();
            boolean keepDefault = false;
            for (Object vpc : TemplateJson.list(deployment.properties(id).get("VPCs"))) {
                Map<?, ?> entry = (Map<?, ?>) vpc;
                String vpcId = values.text(entry.get("VPCId"));
                String region = entry.get("VPCRegion") == null ? values.region() : values.text(entry.get("VPCRegion"));
                if (vpcId.equals(defaultVpc)) {
                    keepDefault = true;
                    continue;
                }
                deployment.clients().route53().associateVPCWithHostedZone(b -> b.hostedZoneId(zoneId)
                        .vpc(v -> v.vpcId(vpcId).vpcRegion(region)));
                associated.add(vpcId);
            }
            if (!keepDefault && !associated.isEmpty()) {
                deployment.clients().route53().disassociateVPCFromHostedZone(b -> b.hostedZoneId(zoneId)
                        .vpc(v -> v.vpcId(defaultVpc).vpcRegion(values.region())));
            }
            deployment.fill(id + ": associated with " + String.join(", ", associated));
        }
    }
}
