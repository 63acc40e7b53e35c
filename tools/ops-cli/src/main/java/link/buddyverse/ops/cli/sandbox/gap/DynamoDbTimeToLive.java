package link.buddyverse.ops.cli.sandbox.gap;

import java.util.Map;

/**
 * moto's CloudFormation ignores a table's TimeToLiveSpecification. The sandbox turns TTL on with UpdateTimeToLive
 * once the stack exists (moto records it; it does not expire items).
 */
public final class DynamoDbTimeToLive implements MotoGap {

    @Override
    public String subject() {
        return "AWS::DynamoDB::Table TimeToLiveSpecification";
    }

    @Override
    public String description() {
        return "moto ignores TimeToLiveSpecification: turned on with UpdateTimeToLive after the stack (moto never expires items).";
    }

    @Override
    public void afterStack(Deployment deployment) {
        for (String id : deployment.resourcesOfType("AWS::DynamoDB::Table")) {
            Object declared = deployment.values().evaluate(deployment.properties(id).get("TimeToLiveSpecification"));
            if (!(declared instanceof Map<?, ?> ttl) || !Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
                continue;
            }
            String table = deployment.physicalId(id);
            String attribute = String.valueOf(ttl.get("AttributeName"));
            deployment.clients().dynamoDb().updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute)));
            deployment.fill(id + ": time to live on " + attribute + " turned on for " + table);
        }
    }
}
