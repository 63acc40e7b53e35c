package link.buddyverse.ops.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * The owners stopped Apache on a web server; the load balancer found it unhealthy and it was replaced.
 * Replayed: the target fails its health checks and Buddy-Unhealthy-Hosts goes to ALARM (AWS's part);
 * ScalingTunerFunction marks the instance Unhealthy in the group; the group replaces it (AWS's part: moto keeps
 * instances marked Unhealthy); the alarm clears.
 */
final class StoppedApacheDrill implements Drill {

    static final String FUNCTION = "ScalingTunerFunction";
    static final String EVENTS = "scaling-tuner";
    static final String UNHEALTHY_HOSTS = "Buddy-Unhealthy-Hosts";

    @Override
    public String id() {
        return "stopped-apache";
    }

    @Override
    public String title() {
        return "Stopped Apache: unhealthy target replaced";
    }

    @Override
    public String owners() {
        return "stopped httpd on a web server; the ALB marked it unhealthy and the group replaced it";
    }

    @Override
    public List<String> functions() {
        return List.of(FUNCTION, IncidentExpectations.NOTIFIER);
    }

    @Override
    public void run(DrillContext context) {
        AwsPart aws = context.awsPart();
        WebTier web = context.web();
        context.expectIncident(UNHEALTHY_HOSTS);
        WebTier.Group before = context.observe();
        context.check(before.inService() == 2 && before.instances().stream().allMatch(m -> "Healthy".equals(m.health())),
                "the group starts with 2 healthy instances in service", before.describe());
        String victim = before.instances().get(before.instances().size() - 1).id();

        context.owners("systemctl stop httpd on " + victim);
        aws.healthChecksFail(victim);
        Map<String, String> health = web.targetHealth();
        context.check("unhealthy".equals(health.get(victim)), "the target group reports " + victim + " unhealthy", "targets " + health);

        aws.alarm(context, FUNCTION, EVENTS, UNHEALTHY_HOSTS, "OK", "ALARM",
                "Threshold Crossed: 2 out of the last 2 datapoints [1.0, 1.0] were greater than the threshold (0.0)");
        WebTier.Group marked = context.observe();
        String healthToTheGroup = marked.instances().stream().filter(m -> m.id().equals(victim)).map(WebTier.Member::health)
                .findFirst().orElse("gone");
        context.check("Unhealthy".equals(healthToTheGroup), FUNCTION + " marked " + victim + " Unhealthy in the group",
                victim + " is " + healthToTheGroup);

        aws.groupReplaces(web.groupName(), web.targetGroupArn(), victim);
        WebTier.Group after = context.observe();
        List<String> launched = after.ids().stream().filter(id -> !before.ids().contains(id)).toList();
        context.check(!after.ids().contains(victim) && after.inService() == 2 && launched.size() == 1
                        && after.instances().stream().allMatch(m -> "Healthy".equals(m.health())),
                victim + " replaced: 2 healthy instances in service", after.describe() + ", instances " + after.instances());
        Map<String, String> healthAfter = web.targetHealth();
        context.check("healthy".equals(healthAfter.get(launched.get(0))) && !healthAfter.containsKey(victim),
                "the target group serves from " + launched.get(0) + " and no longer knows " + victim, "targets " + healthAfter);

        aws.alarm(context, FUNCTION, EVENTS, UNHEALTHY_HOSTS, "ALARM", "OK",
                "Threshold Crossed: 2 out of the last 2 datapoints [0.0, 0.0] were not greater than the threshold (0.0)");
        WebTier.Group settled = context.observe();
        context.check(settled.inService() == 2 && settled.desired() == 2, "the group stays at 2", settled.describe());
    }
}
