package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * moto's CloudFormation reads a DB instance's security groups from a property CloudFormation does not have
 * (VpcSecurityGroupIds) and ignores VPCSecurityGroups, the real one. The sandbox sets them with ModifyDBInstance
 * once the stack exists.
 */
public final class RdsInstanceSecurityGroups implements MotoGap {

    @Override
    public String subject() {
        return "AWS::RDS::DBInstance VPCSecurityGroups";
    }

    @Override
    public String description() {
        return "moto ignores VPCSecurityGroups on a DB instance: set with ModifyDBInstance after the stack.";
    }

    @Override
    public void afterStack(Deployment deployment) {
        for (String id : deployment.resourcesOfType("AWS::RDS::DBInstance")) {
            List<String> groups = new ArrayList<>();
            for (Object group : TemplateJson.list(deployment.values().evaluate(deployment.properties(id).get("VPCSecurityGroups")))) {
                groups.add(String.valueOf(group));
            }
            if (groups.isEmpty()) {
                continue;
            }
            String identifier = deployment.physicalId(id);
            deployment.clients().rds().modifyDBInstance(b -> b.dbInstanceIdentifier(identifier).vpcSecurityGroupIds(groups)
                    .applyImmediately(true));
            deployment.fill(id + ": security groups " + String.join(", ", groups) + " set on " + identifier);
        }
    }
}
