package link.buddyverse.ops.kit.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Holds the Lambda {@link Context} of the invocation under way.
 *
 * <p>Replaces micronaut-function-aws' {@code DefaultLambdaContextFactory}, which calls
 * {@code BeanContext.registerSingleton} for the Context and its LambdaLogger on every invocation
 * ({@code HandlerUtils.configureWithContext}). Each call adds a bean registration, so lookups slow down
 * as a container ages (seen: warm latency 2.3 ms -> 6.9 ms over 10,000 invocations). Nothing here injects
 * the Context as a bean, so a field is all that is needed. {@code ./ops bench} measures the drift.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class CurrentInvocation implements LambdaContextFactory {

    private volatile Context context;

    @Override
    public void registerSingletons(Context context) {
        this.context = context;
    }

    public Optional<Context> context() {
        return Optional.ofNullable(context);
    }

    public String requestId() {
        Context current = context;
        return current == null || current.getAwsRequestId() == null ? "local" : current.getAwsRequestId();
    }
}
