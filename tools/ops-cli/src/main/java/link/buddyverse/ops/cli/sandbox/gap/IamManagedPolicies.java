package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.sam.TemplateJson;
import link.buddyverse.ops.localaws.ManagedNodes;

/**
 * moto's CloudFormation creates an AWS::IAM::Role with its inline Policies but ignores ManagedPolicyArns. The
 * sandbox attaches each with AttachRolePolicy once the stack exists: the web servers' role needs
 * AmazonSSMManagedInstanceCore, or the gateway's Run Command refuses them as SSM does an instance that is not a
 * managed node. (moto attaches AWS managed policies only when started with MOTO_IAM_LOAD_MANAGED_POLICIES=true,
 * as the sandbox starts it.)
 */
public final class IamManagedPolicies implements MotoGap {

    static final String ROLE = "AWS::IAM::Role";

    @Override
    public String subject() {
        return ROLE + " ManagedPolicyArns";
    }

    @Override
    public String description() {
        return "moto ignores a role's ManagedPolicyArns: each policy is attached with AttachRolePolicy after the stack.";
    }

    @Override
    public void afterStack(Deployment deployment) {
        ManagedNodes iam = ManagedNodes.at(deployment.clients().endpoint());
        for (String id : deployment.resourcesOfType(ROLE)) {
            Object arns = deployment.values().evaluate(deployment.properties(id).get("ManagedPolicyArns"));
            List<String> attached = new ArrayList<>();
            for (Object arn : TemplateJson.list(arns)) {
                iam.attachPolicy(deployment.physicalId(id), String.valueOf(arn));
                attached.add(String.valueOf(arn).substring(String.valueOf(arn).lastIndexOf('/') + 1));
            }
            if (!attached.isEmpty()) {
                deployment.fill(id + ": " + String.join(", ", attached) + " attached to " + deployment.physicalId(id));
            }
        }
    }
}
