package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * A security group rule for all protocols ({@code IpProtocol: "-1"}) takes no ports in CloudFormation (cfn-lint
 * warns when it has some); moto's CloudFormation reads FromPort unconditionally and fails (KeyError, HTTP 500).
 * The sandbox submits such rules with FromPort/ToPort -1, what EC2 itself reports for them.
 */
public final class AllProtocolsRulePorts implements MotoGap {

    @Override
    public String subject() {
        return "security group rules with IpProtocol -1 and no ports";
    }

    @Override
    public String description() {
        return "moto's CloudFormation requires FromPort on every rule (HTTP 500 otherwise): the sandbox submits"
                + " all-protocol rules with FromPort/ToPort -1, as EC2 reports them.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        List<String> fixed = new ArrayList<>();
        for (String id : deployment.resourcesOfType("AWS::EC2::SecurityGroup")) {
            Map<String, Object> properties = deployment.submittedProperties(id);
            for (String key : List.of("SecurityGroupIngress", "SecurityGroupEgress")) {
                for (Object rule : TemplateJson.list(properties.get(key))) {
                    if (addPorts(rule)) {
                        fixed.add(id);
                    }
                }
            }
        }
        for (String type : List.of("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")) {
            for (String id : deployment.resourcesOfType(type)) {
                if (addPorts(deployment.submittedProperties(id))) {
                    fixed.add(id);
                }
            }
        }
        if (!fixed.isEmpty()) {
            deployment.fill("all-protocol rules of " + String.join(", ", fixed.stream().distinct().toList())
                    + ": submitted with FromPort/ToPort -1");
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean addPorts(Object rule) {
        if (rule instanceof Map<?, ?> map && "-1".equals(String.valueOf(map.get("IpProtocol"))) && !map.containsKey("FromPort")) {
            Map<String, Object> typed = (Map<String, Object>) map;
            typed.put("FromPort", -1);
            typed.put("ToPort", -1);
            return true;
        }
        return false;
    }
}
