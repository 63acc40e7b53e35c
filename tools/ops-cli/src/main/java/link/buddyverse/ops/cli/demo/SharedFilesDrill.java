package link.buddyverse.ops.cli.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * The owners wrote a file through one web server and read it through the other. moto runs no instances, so the
 * drill checks what makes that work instead: every instance the group launches mounts Buddy-EFS at /mnt/efs over
 * NFS 4.1 (and again at boot, from fstab) and serves the site from it, through a mount target in its own zone.
 */
final class SharedFilesDrill implements Drill {

    @Override
    public String id() {
        return "shared-files";
    }

    @Override
    public String title() {
        return "Shared files: one EFS behind both servers";
    }

    @Override
    public String owners() {
        return "wrote a file through one web server and read it through the other";
    }

    @Override
    public List<String> functions() {
        return List.of();
    }

    @Override
    public void run(DrillContext context) {
        String fileSystem = context.coreOutputs().get("FileSystemId");
        context.note("moto runs no instances: this drill checks the configuration the owners' file test relied on");
        var group = context.aws().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(context.web().groupName()))
                .autoScalingGroups().get(0);
        String templateId = group.launchTemplate().launchTemplateId();
        LaunchTemplateVersion version = context.aws().ec2().describeLaunchTemplateVersions(b -> b.launchTemplateId(templateId)
                .versions("$Latest")).launchTemplateVersions().get(0);
        String userData = new String(Base64.getDecoder().decode(version.launchTemplateData().userData()), StandardCharsets.UTF_8);
        String mountSource = fileSystem + ".efs." + context.aws().region() + ".amazonaws.com:/";
        context.check(userData.contains(mountSource + " /mnt/efs nfs4 nfsvers=4.1") && userData.contains("/etc/fstab"),
                "every web server mounts " + fileSystem + " at /mnt/efs over NFS 4.1, also from fstab at boot",
                "the launch template's user data does not: " + userData.lines().filter(l -> l.contains("efs")).toList());
        context.check(userData.contains("ln -s /mnt/efs/html /var/www/html"), "Apache serves the site from the shared file system",
                "the user data does not point /var/www/html at /mnt/efs");

        Set<String> webSubnets = Set.of(context.coreOutputs().get("WebSubnetIds").split(","));
        Set<String> mountSubnets = context.aws().efs().describeMountTargets(b -> b.fileSystemId(fileSystem)).mountTargets().stream()
                .map(m -> m.subnetId()).collect(Collectors.toSet());
        context.check(mountSubnets.equals(webSubnets), "a mount target of " + fileSystem + " in each web subnet, one per zone",
                "mount targets in " + mountSubnets + ", web subnets " + webSubnets);
    }
}
