package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * moto's CloudFormation names a DB parameter group itself (ignoring DBParameterGroupName), and a
 * {@code DBParameterGroupName: !Ref Group} on an instance then fails with HTTP 500 (it hands the instance the
 * group object, not its name). The sandbox creates the group before the stack with CreateDBParameterGroup and
 * ModifyDBParameterGroup (its Parameters), and submits its name in place of the Ref.
 */
public final class RdsParameterGroups implements MotoGap {

    static final String TYPE = "AWS::RDS::DBParameterGroup";

    @Override
    public String subject() {
        return TYPE;
    }

    @Override
    public String description() {
        return "moto ignores DBParameterGroupName and a !Ref of the group from a DB instance fails (HTTP 500): created"
                + " before the stack with CreateDBParameterGroup + ModifyDBParameterGroup, its name submitted in place"
                + " of the Ref.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            Map<String, Object> properties = deployment.properties(id);
            String name = properties.containsKey("DBParameterGroupName")
                    ? values.text(properties.get("DBParameterGroupName"))
                    : (deployment.stackName() + "-" + id).toLowerCase(Locale.ROOT);
            String family = values.text(properties.get("Family"));
            String description = values.text(properties.get("Description"));
            deployment.clients().rds().createDBParameterGroup(b -> b.dbParameterGroupName(name)
                    .dbParameterGroupFamily(family).description(description));
            List<Parameter> parameters = new ArrayList<>();
            Object declared = values.evaluate(properties.get("Parameters"));
            if (declared instanceof Map<?, ?> map) {
                map.forEach((key, value) -> parameters.add(Parameter.builder().parameterName(String.valueOf(key))
                        .parameterValue(String.valueOf(value)).applyMethod(ApplyMethod.PENDING_REBOOT).build()));
            }
            // The API takes at most 20 parameters per call.
            for (int from = 0; from < parameters.size(); from += 20) {
                List<Parameter> batch = parameters.subList(from, Math.min(parameters.size(), from + 20));
                deployment.clients().rds().modifyDBParameterGroup(b -> b.dbParameterGroupName(name).parameters(batch));
            }
            deployment.createdBySandbox(id, name);
            deployment.fill(id + " (" + TYPE + "): created through RDS as " + name + " with " + parameters.size()
                    + " parameters");
        }
    }
}
