package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/**
 * A record set moto's CloudFormation creates can never be deleted through the Route 53 API: moto checks a DELETE
 * against its journal of API changes, where CloudFormation's records are not (ReplicaRotatorFunction deletes the
 * read name's weighted records). The sandbox creates weighted record sets (those with a SetIdentifier) through
 * ChangeResourceRecordSets after the stack, with the template's values.
 */
public final class WeightedRecordSets implements MotoGap {

    static final String TYPE = "AWS::Route53::RecordSet";

    @Override
    public String subject() {
        return TYPE + " with a SetIdentifier (weighted)";
    }

    @Override
    public String description() {
        return "a record moto's CloudFormation creates cannot be deleted through the API (moto checks DELETEs against its"
                + " journal of API changes): weighted record sets are created with ChangeResourceRecordSets after the stack.";
    }

    private static boolean weighted(Deployment deployment, String id) {
        return deployment.properties(id).get("SetIdentifier") != null;
    }

    @Override
    public void beforeStack(Deployment deployment) {
        deployment.resourcesOfType(TYPE).stream().filter(id -> weighted(deployment, id)).forEach(deployment::createdAfterStack);
    }

    /** A record's value; the sandbox does not know a DB instance's Endpoint.Address, RDS does. */
    private static String value(Deployment deployment, Object value) {
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt && getAtt.size() == 2
                && "Endpoint.Address".equals(getAtt.get(1))) {
            String instance = deployment.physicalId(String.valueOf(getAtt.get(0)));
            return deployment.clients().rds().describeDBInstances(b -> b.dbInstanceIdentifier(instance)).dbInstances().get(0)
                    .endpoint().address();
        }
        return deployment.values().text(value);
    }

    @Override
    public void afterStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            if (!weighted(deployment, id)) {
                continue;
            }
            Map<String, Object> properties = deployment.properties(id);
            String zone = values.text(properties.get("HostedZoneId"));
            String name = values.text(properties.get("Name"));
            String type = values.text(properties.get("Type"));
            String setIdentifier = values.text(properties.get("SetIdentifier"));
            long weight = Long.parseLong(values.text(properties.get("Weight")));
            long ttl = Long.parseLong(values.text(properties.get("TTL")));
            List<ResourceRecord> records = new ArrayList<>();
            for (Object value : TemplateJson.list(properties.get("ResourceRecords"))) {
                records.add(ResourceRecord.builder().value(value(deployment, value)).build());
            }
            deployment.clients().route53().changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(
                    ch -> ch.action("CREATE").resourceRecordSet(r -> r.name(name).type(type).ttl(ttl)
                            .setIdentifier(setIdentifier).weight(weight).resourceRecords(records)))));
            deployment.createdAfterStack(id, name);
            deployment.fill(id + " (" + TYPE + "): " + name + " " + type + " (" + setIdentifier + ", weight " + weight
                    + ") created through Route 53");
        }
    }
}
