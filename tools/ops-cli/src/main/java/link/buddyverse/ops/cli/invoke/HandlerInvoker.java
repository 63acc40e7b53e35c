package link.buddyverse.ops.cli.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * A loaded handler, as Lambda's Java runtime sees one: {@code Class::method} from the template's Handler,
 * instantiated once (the init phase), then called with the event. Bytes in, bytes out: a
 * {@link RequestStreamHandler} gets the event as is; any other handler gets it deserialised by the
 * function's {@link CustomPojoSerializer} into the handler's declared input type, and its result serialised
 * back with the same serializer.
 */
abstract class HandlerInvoker {

    static final String MICRONAUT_SERIALIZER = "io.micronaut.function.aws.JsonMapperCustomPojoSerializer";

    abstract byte[] invoke(byte[] event, Context context) throws Throwable;

    /** Init: loads and instantiates the handler class, and the serializer it needs. */
    static HandlerInvoker load(String handler) throws Throwable {
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        String methodName = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("Class not found: " + className
                    + " (the Handler in template.yaml names a class the function jar does not contain)", e);
        }
        Method method = findMethod(type, methodName);
        Object instance = Modifier.isStatic(method.getModifiers()) ? null : type.getConstructor().newInstance();

        // Like Lambda's runtime: only the class-only form goes through the RequestHandler interface (event type
        // from its type arguments); Class::method binds the method's declared parameter types, even when an
        // inherited generic method declares Object.
        boolean classOnly = separator < 0;
        if (instance instanceof RequestStreamHandler streamHandler && classOnly) {
            return new HandlerInvoker() {
                @Override
                byte[] invoke(byte[] event, Context context) throws Throwable {
                    ByteArrayOutputStream output = new ByteArrayOutputStream();
                    streamHandler.handleRequest(new ByteArrayInputStream(event), output, context);
                    return output.toByteArray();
                }
            };
        }
        if (instance instanceof RequestHandler<?, ?> requestHandler && classOnly) {
            Type[] types = HandlerTypes.typeArguments(type, RequestHandler.class).orElseThrow();
            CustomPojoSerializer serializer = serializer();
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) requestHandler;
            return new HandlerInvoker() {
                @Override
                byte[] invoke(byte[] event, Context context) {
                    Object input = serializer.fromJson(new ByteArrayInputStream(event), types[0]);
                    return serialize(serializer, typed.handleRequest(input, context), types[1]);
                }
            };
        }
        return reflective(instance, method);
    }

    /** Any other public method Lambda accepts: (input), (input, Context), (InputStream, OutputStream[, Context]). */
    private static HandlerInvoker reflective(Object instance, Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        boolean streams = parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class;
        if (streams) {
            return new HandlerInvoker() {
                @Override
                byte[] invoke(byte[] event, Context context) throws Throwable {
                    ByteArrayOutputStream output = new ByteArrayOutputStream();
                    Object[] arguments = parameters.length == 3
                            ? new Object[] {new ByteArrayInputStream(event), output, context}
                            : new Object[] {new ByteArrayInputStream(event), output};
                    method.invoke(instance, arguments);
                    return output.toByteArray();
                }
            };
        }
        CustomPojoSerializer serializer = parameters.length == 0 && method.getReturnType() == void.class ? null : serializer();
        return new HandlerInvoker() {
            @Override
            byte[] invoke(byte[] event, Context context) throws Throwable {
                Object[] arguments = new Object[parameters.length];
                if (parameters.length >= 1) {
                    arguments[0] = parameters[0] == Context.class ? context
                            : serializer.fromJson(new ByteArrayInputStream(event), method.getGenericParameterTypes()[0]);
                }
                if (parameters.length == 2) {
                    arguments[1] = context;
                }
                Object result = method.invoke(instance, arguments);
                return method.getReturnType() == void.class ? "null".getBytes(StandardCharsets.UTF_8)
                        : serialize(serializer, result, method.getGenericReturnType());
            }
        };
    }

    private static byte[] serialize(CustomPojoSerializer serializer, Object result, Type type) {
        if (result == null) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        serializer.toJson(result, output, type);
        return output.toByteArray();
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        // Lambda prefers the most specific public method of that name: the one with the most parameters,
        // and not a compiler-generated bridge (RequestHandler's erased handleRequest(Object, Context)).
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge() && m.getParameterCount() <= 3)
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new NoSuchMethodException("No public method named " + name + " in " + type.getName()));
    }

    /**
     * The function's own serializer, found as Lambda's runtime finds it: {@code ServiceLoader} over
     * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer} in the function jar.
     */
    static CustomPojoSerializer serializer() {
        Iterator<CustomPojoSerializer> registered =
                ServiceLoader.load(CustomPojoSerializer.class, Thread.currentThread().getContextClassLoader()).iterator();
        if (registered.hasNext()) {
            return registered.next();
        }
        // Lambda's runtime would bind the event with its own Jackson instead; refuse rather than differ from it.
        throw new IllegalStateException("The function jar registers no CustomPojoSerializer"
                + " (META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer): add one"
                + " (micronaut-function-aws provides " + MICRONAUT_SERIALIZER + ") or implement RequestStreamHandler");
    }
}
