package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * moto's CloudFormation ignores an Auto Scaling group's LifecycleHookSpecificationList and silently skips
 * AWS::AutoScaling::LifecycleHook resources. The sandbox puts each hook on the group with PutLifecycleHook once
 * the stack exists. (moto then stores the hooks; it does not hold instances in Pending:Wait for them.)
 */
public final class LifecycleHooks implements MotoGap {

    static final String GROUP = "AWS::AutoScaling::AutoScalingGroup";
    static final String HOOK = "AWS::AutoScaling::LifecycleHook";

    @Override
    public String subject() {
        return GROUP + " LifecycleHookSpecificationList, " + HOOK;
    }

    @Override
    public String description() {
        return "moto ignores LifecycleHookSpecificationList and skips LifecycleHook resources: each hook is put on the group"
                + " with PutLifecycleHook after the stack (moto stores hooks but does not pause instances for them).";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        deployment.resourcesOfType(HOOK).forEach(deployment::createdAfterStack);
    }

    @Override
    public void afterStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(GROUP)) {
            String group = deployment.physicalId(id);
            List<String> names = new ArrayList<>();
            for (Object spec : TemplateJson.list(values.evaluate(deployment.properties(id).get("LifecycleHookSpecificationList")))) {
                names.add(put(deployment, group, (Map<?, ?>) spec));
            }
            if (!names.isEmpty()) {
                deployment.fill(id + ": lifecycle hooks " + String.join(", ", names) + " put on " + group);
            }
        }
        for (String id : deployment.resourcesOfType(HOOK)) {
            Map<?, ?> properties = (Map<?, ?>) values.evaluate(deployment.properties(id));
            String group = String.valueOf(properties.get("AutoScalingGroupName"));
            String name = put(deployment, group, properties);
            deployment.createdAfterStack(id, name);
            deployment.fill(id + " (" + HOOK + "): put on " + group + " as " + name);
        }
    }

    private static String put(Deployment deployment, String group, Map<?, ?> spec) {
        String name = String.valueOf(spec.get("LifecycleHookName"));
        deployment.clients().autoScaling().putLifecycleHook(b -> {
            b.autoScalingGroupName(group).lifecycleHookName(name)
                    .lifecycleTransition(String.valueOf(spec.get("LifecycleTransition")));
            if (spec.get("HeartbeatTimeout") != null) {
                b.heartbeatTimeout(Integer.valueOf(String.valueOf(spec.get("HeartbeatTimeout"))));
            }
            if (spec.get("DefaultResult") != null) {
                b.defaultResult(String.valueOf(spec.get("DefaultResult")));
            }
            if (spec.get("NotificationTargetARN") != null) {
                b.notificationTargetARN(String.valueOf(spec.get("NotificationTargetARN")));
            }
            if (spec.get("RoleARN") != null) {
                b.roleARN(String.valueOf(spec.get("RoleARN")));
            }
            if (spec.get("NotificationMetadata") != null) {
                b.notificationMetadata(String.valueOf(spec.get("NotificationMetadata")));
            }
        });
        return name;
    }
}
