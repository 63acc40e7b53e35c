package link.buddyverse.ops.localaws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Which instances SSM would know as managed nodes, read from what moto records: an instance is one when it runs
 * with an instance profile whose role has {@code AmazonSSMManagedInstanceCore} attached (the agent then registers
 * with SSM; without it, SendCommand answers InvalidInstanceId whatever the wait). The profile is the instance's
 * association (DescribeIamInstanceProfileAssociations; moto records one for RunInstances with a profile), else the
 * one its launch template version names: moto launches a group's instances from the template without associating
 * its profile, where EC2 would (the instance carries the template's id and version as {@code aws:ec2launchtemplate:*}
 * tags). Then IAM GetInstanceProfile and ListAttachedRolePolicies. moto attaches AWS managed policies only when
 * started with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} (every moto_server of this project is).
 */
public final class ManagedNodes {

    /** The AWS managed policy an instance's role needs for the SSM agent to register. */
    public static final String SSM_CORE_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    /** moto_server's environment variable that makes AWS managed policies attachable. */
    public static final String LOAD_MANAGED_POLICIES = "MOTO_IAM_LOAD_MANAGED_POLICIES";

    private final Moto moto;

    ManagedNodes(Moto moto) {
        this.moto = moto;
    }

    /** The same reads and set-up through a gateway (or moto) at {@code endpoint}, from another process. */
    public static ManagedNodes at(java.net.URI endpoint) {
        return new ManagedNodes(new Moto(endpoint));
    }

    /** Empty when {@code instanceId} is a managed node; else why not, as an operator would be told. */
    public Optional<String> whyNotManaged(String instanceId, String region) {
        Optional<String> profile = associatedProfile(instanceId, region);
        if (profile.isEmpty()) {
            Map<String, String> tags = instanceTags(instanceId, region);
            if (tags == null) {
                return Optional.of(instanceId + " does not exist");
            }
            profile = launchTemplateProfile(tags, region);
        }
        if (profile.isEmpty()) {
            return Optional.of(instanceId + " has no instance profile");
        }
        String profileName = profile.get().substring(profile.get().lastIndexOf('/') + 1);
        List<String> roles = roles(profileName);
        if (roles.isEmpty()) {
            return Optional.of("instance profile " + profileName + " of " + instanceId + " has no role");
        }
        for (String role : roles) {
            if (attachedPolicies(role).contains(SSM_CORE_POLICY)) {
                return Optional.empty();
            }
        }
        return Optional.of("the role of instance profile " + profileName + " (" + String.join(", ", roles)
                + ") does not have AmazonSSMManagedInstanceCore");
    }

    /**
     * Creates in moto what makes an instance launched with it a managed node: a role EC2 may assume with
     * AmazonSSMManagedInstanceCore attached, and an instance profile {@code name} holding it; returns the profile's ARN.
     */
    public String createManagedProfile(String name) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        iam(Map.of("Action", "CreateRole", "RoleName", name, "AssumeRolePolicyDocument", trust));
        attachPolicy(name, SSM_CORE_POLICY);
        Element profile = Xml.elements(Xml.parse(iam(Map.of("Action", "CreateInstanceProfile", "InstanceProfileName", name)).body()),
                "InstanceProfile").get(0);
        iam(Map.of("Action", "AddRoleToInstanceProfile", "InstanceProfileName", name, "RoleName", name));
        return Xml.childText(profile, "Arn");
    }

    /** Attaches {@code policyArn} to {@code role} (what a template's ManagedPolicyArns asks, which moto's CloudFormation skips). */
    public void attachPolicy(String role, String policyArn) {
        iam(Map.of("Action", "AttachRolePolicy", "RoleName", role, "PolicyArn", policyArn));
    }

    private Optional<String> associatedProfile(String instanceId, String region) {
        Answer answer = ec2(region, Map.of("Action", "DescribeIamInstanceProfileAssociations",
                "Filter.1.Name", "instance-id", "Filter.1.Value.1", instanceId));
        if (answer.status() != 200) {
            return Optional.empty();
        }
        for (Element item : Xml.elements(Xml.parse(answer.body()), "item")) {
            Element profile = Xml.child(item, "iamInstanceProfile");
            if (instanceId.equals(Xml.childText(item, "instanceId")) && profile != null
                    && !"disassociated".equals(Xml.childText(item, "state"))) {
                return Optional.ofNullable(Xml.childText(profile, "arn"));
            }
        }
        return Optional.empty();
    }

    /** The instance's tags, or null when moto does not know the instance. */
    private Map<String, String> instanceTags(String instanceId, String region) {
        Answer answer = ec2(region, Map.of("Action", "DescribeInstances", "InstanceId.1", instanceId));
        if (answer.status() != 200) {
            return null;
        }
        List<Element> instances = Xml.elements(Xml.parse(answer.body()), "instancesSet");
        if (instances.isEmpty() || Xml.child(instances.get(0), "item") == null) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Element tagSet = Xml.child(Xml.child(instances.get(0), "item"), "tagSet");
        for (org.w3c.dom.Node node = tagSet == null ? null : tagSet.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element tag) {
                tags.put(Xml.childText(tag, "key"), Xml.childText(tag, "value"));
            }
        }
        return tags;
    }

    private Optional<String> launchTemplateProfile(Map<String, String> tags, String region) {
        String template = tags.get("aws:ec2launchtemplate:id");
        if (template == null) {
            return Optional.empty();
        }
        Answer answer = ec2(region, Map.of("Action", "DescribeLaunchTemplateVersions", "LaunchTemplateId", template,
                "LaunchTemplateVersion.1", tags.getOrDefault("aws:ec2launchtemplate:version", "$Default")));
        if (answer.status() != 200) {
            return Optional.empty();
        }
        for (Element data : Xml.elements(Xml.parse(answer.body()), "launchTemplateData")) {
            Element profile = Xml.child(data, "iamInstanceProfile");
            if (profile != null) {
                String arn = Xml.childText(profile, "arn");
                String name = Xml.childText(profile, "name");
                return Optional.ofNullable(arn != null && !arn.isEmpty() ? arn : name);
            }
        }
        return Optional.empty();
    }

    private List<String> roles(String profileName) {
        Answer answer = iam(Map.of("Action", "GetInstanceProfile", "InstanceProfileName", profileName), true);
        if (answer.status() != 200) {
            return List.of();
        }
        return Xml.elements(Xml.parse(answer.body()), "RoleName").stream().map(Element::getTextContent).toList();
    }

    private List<String> attachedPolicies(String role) {
        Answer answer = iam(Map.of("Action", "ListAttachedRolePolicies", "RoleName", role), true);
        if (answer.status() != 200) {
            return List.of();
        }
        return Xml.elements(Xml.parse(answer.body()), "PolicyArn").stream().map(Element::getTextContent).toList();
    }

    private Answer ec2(String region, Map<String, String> call) {
        Map<String, String> parameters = new LinkedHashMap<>(call);
        parameters.put("Version", "2016-11-15");
        return moto.query("ec2", region, parameters);
    }

    private Answer iam(Map<String, String> call) {
        return iam(call, false);
    }

    private Answer iam(Map<String, String> call, boolean mayFail) {
        Map<String, String> parameters = new LinkedHashMap<>(call);
        parameters.put("Version", "2010-05-08");
        // IAM is global: moto keeps it per account, whatever the region of the signature.
        Answer answer = moto.query("iam", "us-east-1", parameters);
        if (!mayFail && answer.status() != 200) {
            throw new IllegalStateException("IAM " + call.get("Action") + " answered " + answer.status() + ": " + answer.bodyText()
                    + (answer.bodyText().contains("does not exist or is not attachable")
                    ? " (start moto_server with " + LOAD_MANAGED_POLICIES + "=true)" : ""));
        }
        return answer;
    }
}
