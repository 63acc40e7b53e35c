package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto implements no attribute of a target group and only DNSName/LoadBalancerName of a load balancer, so
 * {@code Fn::GetAtt} of TargetGroupFullName, TargetGroupName, LoadBalancerFullName or CanonicalHostedZoneID fails
 * the whole stack. The same values are spelt from the ARN ({@code Ref}), which moto has, as CloudFormation's own
 * documentation does it; the canonical hosted zone id is the one AWS publishes for application load balancers in
 * the region.
 */
public final class ElbV2Attributes implements MotoGap {

    static final String TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
    static final String LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer";
    private static final Pattern SUB_ATTRIBUTE = Pattern.compile("\\$\\{\\s*([A-Za-z0-9]+)\\.([A-Za-z0-9.]+)\\s*}");

    /** Application load balancers' Route 53 zone ids, from AWS's "Elastic Load Balancing endpoints and quotas". */
    private static final Map<String, String> ALB_ZONE_IDS = Map.of(
            "ap-northeast-2", "ZWKZPGTI48KDX",
            "ap-northeast-1", "Z14GRHDCWA56QT",
            "us-east-1", "Z35SXDOTRQ7X7K",
            "us-west-2", "Z1H1FL5HABSF5",
            "eu-west-1", "Z32O12XQLNTSW2");

    @Override
    public String subject() {
        return "Fn::GetAtt of ELBv2 TargetGroupFullName, TargetGroupName, LoadBalancerFullName, CanonicalHostedZoneID";
    }

    @Override
    public String description() {
        return "moto's CloudFormation implements none of these attributes: the sandbox submits the same values spelt"
                + " from the resource's ARN (Fn::Select/Fn::Split of its Ref), and the canonical hosted zone id AWS"
                + " publishes for load balancers in the region.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        Map<String, String> types = new LinkedHashMap<>();
        deployment.resourcesOfType(TARGET_GROUP).forEach(id -> types.put(id, TARGET_GROUP));
        deployment.resourcesOfType(LOAD_BALANCER).forEach(id -> types.put(id, LOAD_BALANCER));
        if (types.isEmpty()) {
            return;
        }
        List<String> rewritten = new ArrayList<>();
        String region = deployment.values().region();
        TemplateRewrite.applyTo(deployment, node -> {
            if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
                return null;
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && getAtt.size() == 2) {
                String id = String.valueOf(getAtt.get(0));
                String attribute = String.valueOf(getAtt.get(1));
                Object spelt = types.containsKey(id) ? spell(id, types.get(id), attribute, region) : null;
                if (spelt != null) {
                    rewritten.add(id + "." + attribute);
                }
                return spelt;
            }
            if (map.get("Fn::Sub") != null) {
                return rewriteSub(map.get("Fn::Sub"), types, region, rewritten);
            }
            return null;
        });
        if (!rewritten.isEmpty()) {
            deployment.fill("Fn::GetAtt " + String.join(", ", rewritten.stream().distinct().toList())
                    + ": submitted as the same values spelt from the ARN (moto implements none of these attributes)");
        }
    }

    private static Object rewriteSub(Object argument, Map<String, String> types, String region, List<String> rewritten) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String s
                && list.get(1) instanceof Map<?, ?> vars) {
            text = s;
            vars.forEach((k, v) -> variables.put(String.valueOf(k), v));
        } else {
            return null;
        }
        Matcher matcher = SUB_ATTRIBUTE.matcher(text);
        StringBuilder result = new StringBuilder();
        boolean changed = false;
        while (matcher.find()) {
            String id = matcher.group(1);
            String attribute = matcher.group(2);
            Object spelt = types.containsKey(id) ? spell(id, types.get(id), attribute, region) : null;
            if (spelt == null) {
                matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            String variable = id + attribute.replace(".", "");
            variables.put(variable, spelt);
            matcher.appendReplacement(result, Matcher.quoteReplacement("${" + variable + "}"));
            rewritten.add(id + "." + attribute);
            changed = true;
        }
        matcher.appendTail(result);
        if (!changed) {
            return null;
        }
        List<Object> sub = new ArrayList<>();
        sub.add(result.toString());
        sub.add(variables);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("Fn::Sub", sub);
        return node;
    }

    /** The attribute spelt from the Ref (the ARN), or null when moto implements it (or this gap does not know it). */
    static Object spell(String id, String type, String attribute, String region) {
        Map<String, Object> arn = ref(id);
        if (TARGET_GROUP.equals(type)) {
            // arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
            Object fullName = select(5, split(":", arn));
            switch (attribute) {
                case "TargetGroupFullName":
                    return fullName;
                case "TargetGroupName":
                    return select(1, split("/", fullName));
                default:
                    return null;
            }
        }
        switch (attribute) {
            case "LoadBalancerFullName":
                // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>
                return select(1, split(":loadbalancer/", arn));
            case "CanonicalHostedZoneID": {
                String zone = ALB_ZONE_IDS.get(region);
                if (zone == null) {
                    throw new IllegalStateException("The sandbox knows the load balancers' hosted zone id of "
                            + ALB_ZONE_IDS.keySet() + " only, not of " + region);
                }
                return zone;
            }
            default:
                return null;
        }
    }

    private static Map<String, Object> ref(String id) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("Ref", id);
        return ref;
    }

    private static Map<String, Object> split(String delimiter, Object source) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("Fn::Split", new ArrayList<>(List.of(delimiter, source)));
        return node;
    }

    private static Map<String, Object> select(int index, Object list) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("Fn::Select", new ArrayList<>(List.of(index, list)));
        return node;
    }
}
