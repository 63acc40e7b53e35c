package link.buddyverse.ops.dashboard;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads what exists now (describe/get calls only) into a {@link StackSnapshot}, sorted, so that rendering is
 * deterministic. A resource that does not exist is a warning, not a failure: the dashboard shows what does.
 */
@Singleton
public class StackObserver implements CallsAws {

    // Instances on their way out: no dashboard should keep graphing them.
    private static final Set<String> LEAVING_INSTANCE = Set.of("Terminating", "Terminating:Wait", "Terminating:Proceed",
            "Terminated", "Detaching", "Detached");
    private static final Set<String> GONE_DATABASE = Set.of("deleting", "deleted", "failed", "incompatible-restore");

    private final DashboardSettings settings;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client loadBalancing;
    private final RdsClient rds;
    private final EfsClient efs;
    private final SsmClient ssm;
    private final CloudWatchClient cloudWatch;
    private final JsonMapper jsonMapper;

    public StackObserver(DashboardSettings settings, AutoScalingClient autoScaling, ElasticLoadBalancingV2Client loadBalancing,
                         RdsClient rds, EfsClient efs, SsmClient ssm, CloudWatchClient cloudWatch, JsonMapper jsonMapper) {
        this.settings = settings;
        this.autoScaling = autoScaling;
        this.loadBalancing = loadBalancing;
        this.rds = rds;
        this.efs = efs;
        this.ssm = ssm;
        this.cloudWatch = cloudWatch;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public List<String> iamActions() {
        return List.of("autoscaling:DescribeAutoScalingGroups", "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeTargetGroups", "rds:DescribeDBInstances", "elasticfilesystem:DescribeFileSystems",
                "ssm:GetParameter", "cloudwatch:DescribeAlarms", "cloudwatch:GetDashboard");
    }

    public StackSnapshot observe() {
        List<String> warnings = new ArrayList<>();
        StackSnapshot.WebTier web = webTier(warnings);
        StackSnapshot.Database database = database(warnings);
        StackSnapshot.FileSystem fileSystem = fileSystem(warnings);
        return new StackSnapshot(settings.region(), web, database, fileSystem, alarms(), automation(), warnings);
    }

    /** The dashboard's current body, or empty when there is no such dashboard yet. */
    public Optional<String> currentBody(String dashboardName) {
        try {
            return Optional.ofNullable(cloudWatch.getDashboard(b -> b.dashboardName(dashboardName)).dashboardBody());
        } catch (software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException
                 | software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException absent) {
            return Optional.empty();
        }
    }

    private StackSnapshot.WebTier webTier(List<String> warnings) {
        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames(settings.groupName()))
                .autoScalingGroups();
        String loadBalancer = loadBalancerDimension(warnings);
        String targetGroup = targetGroupDimension(warnings);
        if (groups.isEmpty()) {
            warnings.add("Auto Scaling group '" + settings.groupName() + "' does not exist: its widgets show no instance"
                    + " (check DASHBOARD_GROUP_NAME)");
            return new StackSnapshot.WebTier(settings.groupName(), false, 0, 0, 0, List.of(), loadBalancer, targetGroup);
        }
        AutoScalingGroup group = groups.get(0);
        List<String> instances = group.instances().stream()
                .filter(i -> !LEAVING_INSTANCE.contains(i.lifecycleStateAsString()))
                .map(Instance::instanceId).sorted().toList();
        return new StackSnapshot.WebTier(group.autoScalingGroupName(), true, group.minSize(), group.maxSize(),
                group.desiredCapacity(), instances, loadBalancer, targetGroup);
    }

    // CloudWatch's LoadBalancer dimension is the ARN's resource part after "loadbalancer/": app/<name>/<id>.
    private String loadBalancerDimension(List<String> warnings) {
        try {
            String arn = loadBalancing.describeLoadBalancers(b -> b.names(settings.loadBalancerName())).loadBalancers().get(0)
                    .loadBalancerArn();
            return arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        } catch (LoadBalancerNotFoundException | IndexOutOfBoundsException missing) {
            warnings.add("load balancer '" + settings.loadBalancerName() + "' does not exist: its request, 5xx and"
                    + " response time widgets are left out");
            return null;
        }
    }

    // The TargetGroup dimension is the ARN's resource part: targetgroup/<name>/<id>.
    private String targetGroupDimension(List<String> warnings) {
        try {
            String arn = loadBalancing.describeTargetGroups(b -> b.names(settings.targetGroupName())).targetGroups().get(0)
                    .targetGroupArn();
            return arn.substring(arn.lastIndexOf(':') + 1);
        } catch (TargetGroupNotFoundException | IndexOutOfBoundsException missing) {
            warnings.add("target group '" + settings.targetGroupName() + "' does not exist: the host health widget is left out");
            return null;
        }
    }

    private StackSnapshot.Database database(List<String> warnings) {
        List<DBInstance> all = new ArrayList<>();
        rds.describeDBInstancesPaginator(b -> { }).dbInstances().forEach(all::add);
        Optional<DBInstance> source = all.stream().filter(db -> db.dbInstanceIdentifier().equals(settings.databaseInstanceId()))
                .findFirst();
        if (source.isEmpty()) {
            warnings.add("RDS instance '" + settings.databaseInstanceId() + "' does not exist: the database widgets show no"
                    + " instance (check DASHBOARD_DATABASE_INSTANCE_ID)");
            return new StackSnapshot.Database(null, List.of(), "no source");
        }
        List<DBInstance> replicas = all.stream()
                .filter(db -> settings.databaseInstanceId().equals(db.readReplicaSourceDBInstanceIdentifier())
                        || source.get().readReplicaDBInstanceIdentifiers().contains(db.dbInstanceIdentifier()))
                .filter(db -> !db.dbInstanceIdentifier().equals(settings.databaseInstanceId()))
                .filter(db -> !GONE_DATABASE.contains(db.dbInstanceStatus()))
                .sorted(Comparator.comparing(DBInstance::dbInstanceIdentifier)).toList();
        Optional<String> published = readEndpoints();
        Optional<Set<String>> names = published.flatMap(document -> ReadRotation.names(jsonMapper, document));
        String rotation;
        if (published.isEmpty()) {
            rotation = "every available replica (" + settings.readEndpointsParameter() + " is not published)";
        } else if (names.isEmpty()) {
            rotation = "every available replica (" + settings.readEndpointsParameter() + " is not JSON)";
            warnings.add(settings.readEndpointsParameter() + " is not JSON: every available replica is shown in rotation");
        } else {
            rotation = "as published in " + settings.readEndpointsParameter();
        }
        List<StackSnapshot.Replica> views = replicas.stream().map(db -> new StackSnapshot.Replica(db.dbInstanceIdentifier(),
                db.dbInstanceStatus(), names.map(set -> set.contains(db.dbInstanceIdentifier())
                        || (db.endpoint() != null && set.contains(db.endpoint().address())))
                        .orElse("available".equals(db.dbInstanceStatus())))).toList();
        return new StackSnapshot.Database(source.get().dbInstanceIdentifier(), views, rotation);
    }

    private Optional<String> readEndpoints() {
        try {
            return Optional.ofNullable(ssm.getParameter(b -> b.name(settings.readEndpointsParameter())).parameter().value());
        } catch (ParameterNotFoundException absent) {
            return Optional.empty();
        }
    }

    private StackSnapshot.FileSystem fileSystem(List<String> warnings) {
        List<FileSystemDescription> matching = new ArrayList<>();
        efs.describeFileSystemsPaginator(b -> { }).fileSystems().forEach(fs -> {
            if (settings.fileSystemName().equals(fs.name()) || settings.fileSystemName().equals(fs.fileSystemId())) {
                matching.add(fs);
            }
        });
        if (matching.isEmpty()) {
            warnings.add("file system '" + settings.fileSystemName() + "' does not exist: the EFS widgets are left out");
            return null;
        }
        FileSystemDescription fs = matching.stream().min(Comparator.comparing(FileSystemDescription::fileSystemId)).get();
        // Its Name tag when it has one (the setting may be the id, as the core stack's output gives it).
        String name = fs.name() == null || fs.name().isBlank() ? settings.fileSystemName() : fs.name();
        return new StackSnapshot.FileSystem(fs.fileSystemId(), name, fs.throughputModeAsString(),
                "provisioned".equals(fs.throughputModeAsString()) ? fs.provisionedThroughputInMibps() : null);
    }

    private List<StackSnapshot.Alarm> alarms() {
        List<StackSnapshot.Alarm> alarms = new ArrayList<>();
        for (MetricAlarm alarm : cloudWatch.describeAlarmsPaginator(b -> b.alarmNamePrefix(settings.alarmPrefix())).metricAlarms()) {
            alarms.add(new StackSnapshot.Alarm(alarm.alarmName(), alarm.alarmArn()));
        }
        alarms.sort(Comparator.comparing(StackSnapshot.Alarm::name));
        return alarms;
    }

    private StackSnapshot.Automation automation() {
        List<StackSnapshot.Function> functions = new ArrayList<>();
        for (String entry : settings.opsFunctions()) {
            int eq = entry.indexOf('=');
            functions.add(eq < 0 ? new StackSnapshot.Function(entry, entry)
                    : new StackSnapshot.Function(entry.substring(0, eq), entry.substring(eq + 1)));
        }
        // Its own name cannot come from template.yaml (a function's environment cannot !Ref itself): Lambda sets it.
        String self = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        if (self != null && !self.isBlank() && functions.stream().noneMatch(f -> f.name().equals(self))) {
            functions.add(new StackSnapshot.Function(DashboardSync.NAME, self));
        }
        functions.sort(Comparator.comparing(StackSnapshot.Function::label));
        return new StackSnapshot.Automation(functions, settings.opsLogGroups().stream().sorted().toList(),
                settings.deadLetterQueueName());
    }
}
