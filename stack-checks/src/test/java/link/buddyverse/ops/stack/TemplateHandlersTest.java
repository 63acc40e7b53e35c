package link.buddyverse.ops.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every function in template.yaml names a handler that exists, so a deployment cannot fail on a typo. */
class TemplateHandlersTest {

    private static final TemplateFixture TEMPLATE = TemplateFixture.load();

    static Stream<String> functions() {
        return TEMPLATE.functions().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void handlerNamesALambdaHandlerClassAndMethodThatExist(String function) {
        String handler = String.valueOf(TEMPLATE.functionProperty(function, "Handler"));
        assertThat(handler).as("Handler of %s (Java handlers are written package.Class or package.Class::method)", function)
                .matches("[a-z][\\w.]*\\.[A-Z]\\w*(::\\w+)?");
        boolean namesAMethod = handler.contains("::");
        String className = namesAMethod ? handler.substring(0, handler.indexOf("::")) : handler;
        String methodName = namesAMethod ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";

        Class<?> type;
        try {
            // Not initialised: a Micronaut handler would start its application context.
            type = Class.forName(className, false, getClass().getClassLoader());
        } catch (ClassNotFoundException notATestDependency) {
            // Should a function module not be a test dependency of stack-checks, the others must at least be compiled.
            String codeUri = String.valueOf(TEMPLATE.properties(function).get("CodeUri"));
            Path compiled = TEMPLATE.root().resolve(codeUri).resolve("target/classes")
                    .resolve(className.replace('.', '/') + ".class");
            assertThat(Files.isRegularFile(compiled))
                    .as("%s's handler class %s is neither on stack-checks' test classpath nor compiled at %s: "
                            + "check the Handler in template.yaml, or build the module (./mvnw -pl %s -am compile)",
                            function, className, compiled, codeUri)
                    .isTrue();
            return;
        }

        assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                .as("%s implements RequestHandler or RequestStreamHandler", className).isTrue();
        assertThat(Modifier.isAbstract(type.getModifiers())).as("%s is abstract", className).isFalse();
        assertThat(Arrays.stream(type.getMethods()).filter(method -> method.getName().equals(methodName))
                .anyMatch(TemplateHandlersTest::takesAnEventAndAContext))
                .as("%s has a public %s(event, Context) method", className, methodName).isTrue();
        if (namesAMethod && RequestHandler.class.isAssignableFrom(type)) {
            // Given Class::method, Lambda's runtime binds the event to that method's declared parameter type; a
            // handleRequest inherited from a generic base class declares Object, and the event would not decode.
            // The class-only form makes the runtime read the type from RequestHandler<I, O> instead.
            assertThat(Arrays.stream(type.getMethods()).filter(method -> method.getName().equals(methodName))
                    .filter(TemplateHandlersTest::takesAnEventAndAContext)
                    .anyMatch(method -> method.getParameterTypes()[0] != Object.class))
                    .as("%s names %s::%s, whose event parameter is Object once erased: write the handler as %s alone",
                            function, className, methodName, className)
                    .isTrue();
        }
    }

    private static boolean takesAnEventAndAContext(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        return parameters.length >= 2 && parameters[parameters.length - 1] == Context.class;
    }
}
