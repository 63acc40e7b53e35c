package link.buddyverse.ops.replica.action;

import jakarta.inject.Singleton;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
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

    /** the parameter mirrors the records the same plan just changed under the same lease, and is written whole (the same value twice is the same content) */
    @Override
    public Current current(PublishReadEndpoints action) {
        return Current.notReadable("the parameter mirrors the records the same plan just changed under the same lease, and is written whole (the same value twice is the same content)");
    }

    @Override
    public void execute(PublishReadEndpoints action) {
        // The whole value each time: writing it again is the same parameter (a new version, the same content).
        ssm.putParameter(b -> b.name(action.parameterName()).value(action.value()).type(ParameterType.STRING)
                .overwrite(true));
    }
}
