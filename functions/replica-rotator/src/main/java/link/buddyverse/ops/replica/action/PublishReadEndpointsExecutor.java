package link.buddyverse.ops.replica.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

@Singleton
public class PublishReadEndpointsExecutor implements ActionExecutor<PublishReadEndpoints> {

    private final SsmClient ssm;

    public PublishReadEndpointsExecutor(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public Class<PublishReadEndpoints> actionType() {
        return PublishReadEndpoints.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("ssm:PutParameter");
    }

    @Override
    public void execute(PublishReadEndpoints action) {
        // The whole value each time: writing it again is the same parameter (a new version, the same content).
        ssm.putParameter(b -> b.name(action.parameterName()).value(action.value()).type(ParameterType.STRING)
                .overwrite(true));
    }
}
