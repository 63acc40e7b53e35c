package link.buddyverse.ops.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event's type is whatever the handler's class hierarchy binds RequestHandler's I to. */
class HandlerTypesTest {

    record Result(String status) {
    }

    /** Shaped like MicronautRequestHandler and OpsRequestHandler: the types are bound two levels up. */
    abstract static class FrameworkHandler<I, O> implements RequestHandler<I, O> {
        @Override
        public O handleRequest(I input, Context context) {
            return null;
        }
    }

    abstract static class OpsHandler extends FrameworkHandler<Map<String, Object>, Result> {
    }

    static class ScalingHandler extends OpsHandler {
    }

    static class PartlyBound<O> extends FrameworkHandler<String, O> {
    }

    @Test
    void findsTheInputAndOutputTypesBoundAnywhereUpTheHierarchy() {
        Type[] types = HandlerTypes.typeArguments(ScalingHandler.class, RequestHandler.class).orElseThrow();

        assertThat(types[0]).isInstanceOf(ParameterizedType.class);
        assertThat(((ParameterizedType) types[0]).getRawType()).isEqualTo(Map.class);
        assertThat(types[1]).isEqualTo(Result.class);
    }

    @Test
    void anUnboundTypeParameterIsObject() {
        Type[] types = HandlerTypes.typeArguments(PartlyBound.class, RequestHandler.class).orElseThrow();

        assertThat(types).containsExactly(String.class, Object.class);
    }

    @Test
    void aClassThatIsNoRequestHandlerHasNone() {
        assertThat(HandlerTypes.typeArguments(List.class, RequestHandler.class)).isEmpty();
    }
}
